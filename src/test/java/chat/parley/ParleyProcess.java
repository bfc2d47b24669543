package chat.parley;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Runs {@code target/parley.jar} as a separate process, for tests that need a second server (HiveMQ allows one per
 * JVM), a real SIGTERM or a SIGKILL. {@link #start} binds every listener to a free port of 127.0.0.1 and learns the
 * ports from {@code --print-ports}; {@link #launch} runs the jar with exactly the given arguments.
 */
public final class ParleyProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private volatile JsonNode ports;

    private final List<Thread> pumps = new ArrayList<>();

    private ParleyProcess(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), stdout, true));
        pumps.add(pump(process.getErrorStream(), stderr, false));
    }

    /** The jar under test: system property {@code parley.jar}, else {@code target/parley.jar}. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("parley.jar", "target/parley.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with 'mvn package' first");
        }
        return jar;
    }

    /** Starts the jar on free loopback ports with this data dir plus {@code extraArgs}, and waits until it is ready. */
    public static ParleyProcess start(Path dataDir, String... extraArgs) {
        var args = new ArrayList<>(List.of("--print-ports", "--bind", "127.0.0.1", "--http-port", "0",
                "--mqtt-port", "0", "--ws-port", "0", "--data-dir", dataDir.toString(),
                "--rate-limit", "1000000", "--rate-burst", "1000000"));
        args.addAll(List.of(extraArgs));
        ParleyProcess p = launch(args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> p.ports != null || !p.process.isAlive());
        if (p.ports == null) {
            throw new IllegalStateException("parley.jar exited with " + p.process.exitValue() + ": " + p.stderr());
        }
        return p;
    }

    /** Runs the jar with exactly these arguments, without waiting for anything. */
    public static ParleyProcess launch(String... args) {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            var builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
            // Tests never advertise on the LAN (a --discovery flag still wins over the environment).
            builder.environment().put("PARLEY_DISCOVERY", "false");
            return new ParleyProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Thread pump(InputStream stream, List<String> lines, boolean watchPorts) {
        Thread thread = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                    if (watchPorts && ports == null && line.startsWith("{\"http\"")) {
                        ports = JSON.readTree(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "parley-process-pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public int httpPort() {
        return ports.get("http").asInt();
    }

    public int mqttPort() {
        return ports.get("mqtt").asInt();
    }

    public int wsPort() {
        return ports.get("ws").asInt();
    }

    public Process process() {
        return process;
    }

    public String stdout() {
        return String.join("\n", stdout);
    }

    public String stderr() {
        return String.join("\n", stderr);
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop() {
        process.destroy();
        return waitForExit();
    }

    /** Sends SIGKILL (a crash: no shutdown code runs) and waits for the process to end. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Waits up to a minute for the process to end by itself and returns its exit code. */
    public int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("parley.jar did not exit within 60 s");
            }
            // The last lines may still be in the pipes: stdout() and stderr() are complete once the pumps end.
            for (Thread pump : pumps) {
                pump.join(10_000);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }
}
