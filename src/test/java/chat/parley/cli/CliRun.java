package chat.parley.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A {@link ChatClient} running on its own thread, typed at through a pipe, its stdout and stderr in buffers. */
final class CliRun implements AutoCloseable {

    private final Keyboard keyboard = new Keyboard();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ChatClient client;
    private final CompletableFuture<Integer> exit;

    private CliRun(ChatOptions options) {
        this(options, false);
    }

    /** @param terminal on a JLine terminal (a dumb one over the buffers): prompts, notices, questions, as a person sees */
    private CliRun(ChatOptions options, boolean terminal) {
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (terminal) {
            try {
                var jline = org.jline.terminal.TerminalBuilder.builder().system(false).streams(keyboard, out)
                        .type(org.jline.terminal.Terminal.TYPE_DUMB).encoding(StandardCharsets.UTF_8).build();
                client = new ChatClient(options, new TerminalScreen(jline, errStream), errStream);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            client = new ChatClient(options, keyboard, new PrintStream(out, true, StandardCharsets.UTF_8), errStream);
        }
        exit = CompletableFuture.supplyAsync(client::run);
    }

    /** Starts a client on a terminal (see {@link #CliRun(ChatOptions, boolean)}) and waits until it reads commands. */
    static CliRun startedInTerminal(ChatOptions options, String user) {
        var run = new CliRun(options, true);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    run.line("/who");
                    return run.out().contains("online") && run.out().contains(user);
                });
        return run;
    }

    static CliRun start(ChatOptions options) {
        return new CliRun(options);
    }

    /** Starts a client and waits until it reads commands: its own name shows up in {@code /who}. */
    static CliRun started(ChatOptions options, String user) {
        var run = new CliRun(options);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    run.line("/who");
                    return run.out().contains("online") && run.out().contains(user);
                });
        return run;
    }

    /** Runs to the end of the given input and returns the exit code. */
    static CliRun runWithInput(ChatOptions options, String input) {
        var run = new CliRun(options);
        run.keyboard.type(input); // the client may already have exited (a usage error): then nobody reads it
        run.endInput();
        run.waitForExit();
        return run;
    }

    CliRun type(String text) {
        if (exit.isDone()) {
            throw new AssertionError("the client has exited (" + exit + ")\nout: " + out()
                    + "\nerr: " + err());
        }
        keyboard.type(text);
        return this;
    }

    CliRun line(String line) {
        return type(line + "\n");
    }

    void endInput() {
        keyboard.end();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    CliRun waitForOut(String text) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> out().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' was not printed within 20 s\nout: " + out() + "\nerr: " + err(),
                    e);
        }
        return this;
    }

    int waitForExit() {
        try {
            return exit.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the client did not exit: " + e + "\nout: " + out() + "\nerr: " + err(), e);
        }
    }

    boolean exited() {
        return exit.isDone();
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            endInput();
            client.quit();
            waitForExit();
        }
    }
}
