package chat.parley.cli;

import org.jline.utils.AttributedString;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Plain streams: lines from {@code in}, chat lines without colours to {@code out}, problems as
 * {@code parley: …} lines to {@code err}. Used when stdin or stdout is not a terminal, and by tests.
 */
final class StreamScreen implements Screen {

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;

    StreamScreen(InputStream in, PrintStream out, PrintStream err) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String ask(String question) {
        return null; // nobody to ask: the caller reports what is missing
    }

    @Override
    public String askSecret(String question) {
        return null;
    }

    @Override
    public void print(AttributedString line) {
        synchronized (out) {
            out.println(line.toString());
            out.flush();
        }
    }

    @Override
    public void notice(String text) {
        // scripts read stdout: status lines would only get in their way
    }

    @Override
    public void warn(String text) {
        synchronized (err) {
            err.println("parley: " + text);
            err.flush();
        }
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
