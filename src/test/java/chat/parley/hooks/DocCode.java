package chat.parley.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The code blocks of a Markdown document, so a test runs a program exactly as the document shows it. */
final class DocCode {

    private DocCode() {
    }

    /** The one block fenced as {@code language} that contains {@code marker}; fails if there is none or several. */
    static String block(Path doc, String language, String marker) {
        List<String> found = blocks(doc, language).stream().filter(b -> b.contains(marker)).toList();
        if (found.size() != 1) {
            throw new AssertionError(doc + " has " + found.size() + " ```" + language + " blocks containing '" + marker
                    + "', expected exactly one");
        }
        return found.get(0);
    }

    /**
     * {@code code} with its one occurrence of {@code what} replaced: where the document names localhost's usual port,
     * the test names the port its server got. Fails if the document no longer says {@code what} exactly once.
     */
    static String replaceOnce(String code, String what, String with) {
        int at = code.indexOf(what);
        if (at < 0 || code.indexOf(what, at + 1) >= 0) {
            throw new AssertionError("expected the documented code to contain '" + what + "' exactly once:\n" + code);
        }
        return code.substring(0, at) + with + code.substring(at + what.length());
    }

    private static List<String> blocks(Path doc, String language) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        String indent = "";
        for (String line : lines) {
            String trimmed = line.strip();
            if (current == null && trimmed.equals("```" + language)) {
                current = new StringBuilder();
                indent = line.substring(0, line.indexOf('`'));
            } else if (current != null && trimmed.equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
            }
        }
        return blocks;
    }
}
