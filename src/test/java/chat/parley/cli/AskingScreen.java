package chat.parley.cli;

import org.jline.utils.AttributedString;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A terminal as a person uses it, scripted: interactive, it answers password prompts with the given passphrases in
 * turn, and ends the input at the first line the client reads. What the client shows is kept for the test.
 */
final class AskingScreen implements Screen {

    private final Deque<String> passphrases;
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    AskingScreen(String... passphrases) {
        this.passphrases = new ArrayDeque<>(List.of(passphrases));
    }

    /** Where the client writes its last line ({@code parley: …}) when it gives up. */
    PrintStream errors() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    String errorText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> notices() {
        return notices;
    }

    List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        return null; // Ctrl-D
    }

    @Override
    public String ask(String question) {
        return null;
    }

    @Override
    public synchronized String askSecret(String question) {
        return passphrases.poll();
    }

    @Override
    public void print(AttributedString line) {
        notices.add(line.toString());
    }

    @Override
    public void notice(String text) {
        notices.add(text);
    }

    @Override
    public void warn(String text) {
        warnings.add(text);
    }

    @Override
    public void close() {
    }
}
