package chat.parley.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code mosquitto} as the stand-in for {@code broker.hivemq.com}: started on a free loopback port with a
 * generated config (anonymous, MQTT 5, persistence in its own directory so sessions survive a restart, as on the
 * public broker). {@link #stop()} and {@link #start()} again keep the port; {@link #restartForgetting()} starts it
 * again with no persistence, as a public broker that promises nothing. {@code -Dparley.mosquitto} points at another
 * binary (test.sh sets it); without one the test fails with one line saying what to install.
 */
public final class Mosquitto implements AutoCloseable {

    /** Where Debian installs the broker, unless {@code -Dparley.mosquitto} says otherwise. */
    static final Path BINARY = Path.of(System.getProperty("parley.mosquitto", "/usr/sbin/mosquitto"));

    private final Path dir;
    private final int port;
    private Process process;
    private boolean persistence = true;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker whose config, persistence and log live in {@code dir}. */
    public static Mosquitto start(Path dir) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("the bridge tests need mosquitto, and " + BINARY + " is missing: run ./test.sh"
                    + " (installs it with apt, or names the package for this system), or pass -Dparley.mosquitto=PATH");
        }
        var mosquitto = new Mosquitto(dir, freePort());
        mosquitto.start();
        return mosquitto;
    }

    /** Starts (again) on the same port; returns when it accepts connections. */
    public void start() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    // As root, mosquitto would switch to the user 'mosquitto', who cannot write our temp dir
                    // (persistence silently lost); as anyone else this line changes nothing.
                    "user " + System.getProperty("user.name"),
                    "allow_anonymous true",
                    "persistence " + persistence,
                    "persistence_location " + dir.resolve("data").toAbsolutePath() + "/",
                    "autosave_interval 1",
                    "max_queued_messages 100000",
                    "log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath(),
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""));
            var builder = new ProcessBuilder(BINARY.toString(), "-c", conf.toString());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.out")));
            }
            try (var socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Stops the broker (SIGTERM: it saves its sessions) and waits for it to exit. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the broker, throws away everything it saved, and starts it again without persistence (from now on):
     * every session, subscription and queued message is gone, as when a public broker restarts or forgets.
     */
    public void restartForgetting() {
        stop();
        persistence = false;
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public int port() {
        return port;
    }

    /** The URL Parley's bridge setting takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
