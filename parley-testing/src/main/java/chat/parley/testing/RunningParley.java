package chat.parley.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Parley server running in a JVM of its own, on free ports of 127.0.0.1, with a temp data dir. Outside the chat
 * namespace ({@code parley/…}) it is a plain MQTT 3.1.1/5 broker. {@link ParleyExtension} injects one into tests;
 * without JUnit, {@code try (var parley = RunningParley.start(ParleyOptions.defaults())) { … }}.
 *
 * <p>The server stops when {@link #close()} closes its stdin, and also when the test JVM dies (the pipe closes).
 */
public final class RunningParley implements AutoCloseable {

    /** How long a stopping server may take before it is killed (a stop takes ~2 s). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Ports ports;
    private final Path dataDir;
    private final String adminToken;
    private final Runnable afterExit;
    private volatile CompletableFuture<Integer> stopped;

    RunningParley(Process process, Ports ports, Path dataDir, String adminToken, Runnable afterExit) {
        this.process = process;
        this.ports = ports;
        this.dataDir = dataDir;
        this.adminToken = adminToken;
        this.afterExit = afterExit;
    }

    /**
     * Starts a server and waits until it listens: ~1.2–2.5 s once the class-data archive exists (the first start on a
     * machine copies the server jar and takes ~3 s), and no wait at all when a spare with the same options is ready
     * (see {@code -Dparley.testing.spare} in docs/testing.md).
     *
     * @throws ParleyStartException naming why, with the server's last lines of output
     */
    public static RunningParley start(ParleyOptions options) {
        return SpareServers.take(options, ServerLauncher::launch);
    }

    /** The MQTT TCP port (MQTT 3.1.1 and 5). */
    public int mqttPort() {
        return ports.mqtt();
    }

    /** The MQTT-over-WebSocket port; the path is {@code /mqtt}. */
    public int wsPort() {
        return ports.ws();
    }

    /** The web client and REST API port. */
    public int httpPort() {
        return ports.http();
    }

    /** The server's data dir (database, broker state); deleted when the server stops. */
    public Path dataDir() {
        return dataDir;
    }

    /** The bearer token of the admin API ({@code Authorization: Bearer …} on {@code /api/admin/…}). */
    public String adminToken() {
        return adminToken;
    }

    /** {@code http://127.0.0.1:{httpPort}}, without a trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** {@code tcp://127.0.0.1:{mqttPort}}, as Paho and most MQTT clients take it. */
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    /** {@code ws://127.0.0.1:{wsPort}/mqtt}. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort() + "/mqtt";
    }

    /** Whether the server's process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server and waits until its process has exited (~2 s); kills it after 30 s. */
    @Override
    public void close() {
        stopInBackground().join();
    }

    /**
     * Asks the server to stop (closes its stdin) and returns at once; the future completes with its exit code. The
     * test JVM waits for such stops before it exits.
     */
    synchronized CompletableFuture<Integer> stopInBackground() {
        if (stopped == null) {
            try {
                process.getOutputStream().close();
            } catch (java.io.IOException alreadyClosed) {
                // the process has ended already
            }
            stopped = process.onExit()
                    .completeOnTimeout(null, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(exited -> {
                        if (exited == null) {
                            process.destroyForcibly();
                            process.onExit().join();
                        }
                        afterExit.run();
                        return process.exitValue();
                    });
            PendingStops.add(stopped);
        }
        return stopped;
    }

    @Override
    public String toString() {
        return "Parley on 127.0.0.1 (http " + httpPort() + ", mqtt " + mqttPort() + ", ws " + wsPort() + ")";
    }

    /** The ports from the server's {@code --print-ports} line. */
    record Ports(int http, int mqtt, int ws) {
    }
}
