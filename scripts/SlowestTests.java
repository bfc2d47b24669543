import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Prints the slowest test classes from Surefire's and Failsafe's XML reports, and how many tests were skipped. Run by
 * test.sh after Maven; by hand: {@code java scripts/SlowestTests.java 10 target/surefire-reports target/failsafe-reports}.
 * With {@code --since FILE} first, only reports written since FILE was (Maven keeps the reports of classes a run left
 * out, e.g. with -Dtest).
 */
public class SlowestTests {

    record Suite(String name, double seconds, int tests, int failed, int skipped) {
    }

    public static void main(String[] args) throws Exception {
        int top = Integer.parseInt(args[0]);
        int first = 1;
        long since = 0;
        if (args.length > 2 && args[1].equals("--since")) {
            since = Files.getLastModifiedTime(Path.of(args[2])).toMillis() - 2000; // coarse file system clocks
            first = 3;
        }
        long newerThan = since;
        List<Suite> suites = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            Path dir = Path.of(args[i]);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                        .filter(f -> f.toFile().lastModified() >= newerThan).toList()) {
                    suites.add(read(file));
                }
            }
        }
        if (suites.isEmpty()) {
            return;
        }
        suites.sort(Comparator.comparingDouble(Suite::seconds).reversed());
        double total = suites.stream().mapToDouble(Suite::seconds).sum();
        int tests = suites.stream().mapToInt(Suite::tests).sum();
        int skipped = suites.stream().mapToInt(Suite::skipped).sum();
        System.out.printf(Locale.ROOT, "%nThe %d slowest of %d test classes (%d tests, %.0f s in all classes; "
                + "%d skipped):%n", Math.min(top, suites.size()), suites.size(), tests, total, skipped);
        for (Suite s : suites.subList(0, Math.min(top, suites.size()))) {
            System.out.printf(Locale.ROOT, "%8.1f s  %3d tests  %s%s%n", s.seconds(), s.tests(), s.name(),
                    s.failed() > 0 ? "  (" + s.failed() + " failed)" : "");
        }
    }

    private static Suite read(Path file) throws Exception {
        Element root;
        try {
            root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Suite(root.getAttribute("name"), number(root.getAttribute("time")),
                (int) number(root.getAttribute("tests")),
                (int) (number(root.getAttribute("failures")) + number(root.getAttribute("errors"))),
                (int) number(root.getAttribute("skipped")));
    }

    private static double number(String s) {
        return s.isEmpty() ? 0 : Double.parseDouble(s.replace(",", ""));
    }
}
