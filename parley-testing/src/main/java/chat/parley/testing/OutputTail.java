package chat.parley.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Reads a server's stdout and stderr to the end (a full pipe would block the server) and keeps the last lines, which a
 * {@link ParleyStartException} quotes when the server does not start.
 */
final class OutputTail {

    static final int LINES = 30;

    private final Deque<String> lines = new ArrayDeque<>();

    /** Reads {@code stream} on a daemon thread, handing every line to {@code onLine} before keeping it. */
    void follow(InputStream stream, String name, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    onLine.accept(line);
                    keep(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "parley-testing-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private synchronized void keep(String line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The last lines, indented, or a note that there were none. */
    synchronized String render() {
        if (lines.isEmpty()) {
            return "  (the server wrote nothing)";
        }
        var text = new StringBuilder();
        lines.forEach(line -> text.append(text.length() == 0 ? "" : "\n").append("  ").append(line));
        return text.toString();
    }

    synchronized boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }
}
