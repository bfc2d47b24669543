package chat.parley.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python 3 that can import paho-mqtt (Debian's {@code python3-paho-mqtt}), for running the docs' Python programs.
 * {@code -Dparley.python} points at another interpreter (test.sh sets it: the python3 first on PATH, pyenv's or a
 * venv's, may lack paho); without one the test fails with one line saying what to install.
 */
final class Python {

    static final Path BINARY = Path.of(System.getProperty("parley.python", "/usr/bin/python3"));

    private Python() {
    }

    /** Fails the test at once, in one line, when there is no Python with paho-mqtt. */
    static void require() {
        boolean found = Files.isExecutable(BINARY);
        if (found) {
            try {
                var check = new ProcessBuilder(BINARY.toString(), "-c", "import paho.mqtt.client")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                found = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
            } catch (IOException e) {
                found = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!found) {
            throw new AssertionError("this test needs Python 3 with paho-mqtt, and " + BINARY + " is missing or cannot"
                    + " import it: run ./test.sh (installs python3-paho-mqtt with apt), or pass -Dparley.python=PATH");
        }
    }

    /** Runs {@code script} with {@code env} added; its output and errors go to {@code log}. */
    static Process run(Path script, Map<String, String> env, Path log) {
        require();
        var builder = new ProcessBuilder(BINARY.toString(), script.toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a process started by {@link #run} and waits for it. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
