package chat.parley.extension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A HiveMQ CE broker Parley does not start, with {@code parley-extension.zip}: HiveMQ's own server class in a process
 * of its own, with a home folder holding {@code conf/config.xml} and {@code extensions/parley-extension/} unzipped
 * from the build. The broker's class path is the test JVM's without Parley's own classes and without the libraries
 * HiveMQ does not ship that the chat rules use (SQLite, PostgreSQL, YAML, Micrometer …), so those come only from the
 * zip, as in a HiveMQ installation: leaving one out of the zip fails the tests that use this.
 */
public final class HiveMQProcess implements AutoCloseable {

    /** Jars on the test's class path that a HiveMQ installation does not have, by the start of their file name. */
    private static final List<String> NOT_IN_HIVEMQ = List.of("sqlite-jdbc", "postgresql-", "HikariCP",
            "snakeyaml", "jackson-dataformat-yaml", "micrometer-", "prometheus-metrics-", "HdrHistogram",
            "LatencyUtils", "tika-core", "imageio-", "common-image", "common-io", "common-lang", "commons-imaging",
            "javalin", "jetty-", "hivemq-mqtt-client", "picocli", "jline", "jmdns", "webpush", "kotlin-stdlib");

    private final Process process;
    private final List<String> output;

    private HiveMQProcess(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Makes a HiveMQ home in {@code home} with the extension, its {@code conf/parley.yml} being {@code parleyYml},
     * starts the broker and waits until the extension started and the MQTT port listens.
     *
     * @param wsPort the MQTT WebSocket listener's port (path {@code /mqtt}), or 0 for none
     */
    public static HiveMQProcess start(Path home, String parleyYml, int mqttPort, int wsPort)
            throws IOException, InterruptedException {
        Path zip = Path.of(System.getProperty("parley.extension.zip", "target/parley-extension.zip"));
        assertThat(zip).as("built by mvn package").isRegularFile();
        Files.createDirectories(home);
        unzip(zip, Files.createDirectories(home.resolve("extensions")));
        Path extension = home.resolve("extensions").resolve("parley-extension");
        assertThat(extension.resolve("hivemq-extension.xml")).isRegularFile();
        Files.writeString(extension.resolve("conf").resolve("parley.yml"), parleyYml);
        Files.createDirectories(home.resolve("conf"));
        String webSocket = wsPort == 0 ? "" : """
                        <websocket-listener>
                            <port>%d</port><bind-address>127.0.0.1</bind-address><path>/mqtt</path>
                            <subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>
                            <allow-extensions>true</allow-extensions>
                        </websocket-listener>
                """.formatted(wsPort);
        Files.writeString(home.resolve("conf").resolve("config.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                %s    </listeners>
                    <persistence><mode>in-memory</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(mqttPort, webSocket));
        // The flags HiveMQ's own bin/run.sh gives its JVM that matter off the network: an IPv4 stack and a
        // non-blocking seed source.
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhivemq.home=" + home.toAbsolutePath(), "-Djava.net.preferIPv4Stack=true",
                "-Djava.security.egd=file:/dev/./urandom", "-cp", brokerClassPath(), "com.hivemq.HiveMQServer");
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        var broker = new HiveMQProcess(builder.start(), new CopyOnWriteArrayList<>());
        broker.pump();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !broker.process.isAlive()
                    || broker.started("Parley chat rules") || broker.output.stream().anyMatch(l -> l.contains("ERROR")));
        } catch (ConditionTimeoutException timeout) {
            throw broker.stuck(timeout);
        }
        try {
            assertThat(broker.started("Parley chat rules")).as("the extension started: %s", broker.output).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> listening(mqttPort));
        } catch (AssertionError | ConditionTimeoutException failed) {
            broker.close(); // not left running after the test
            throw failed;
        }
        return broker;
    }

    /**
     * Why the broker has not started: all it printed and its threads go to the test's output; the failure's one line
     * names its last line and where its main thread waits, so that a CI log's summary says what HiveMQ was doing.
     */
    private AssertionError stuck(ConditionTimeoutException timeout) {
        String threads = threadDump();
        System.out.println("HiveMQ did not start; it printed:\n" + String.join("\n", output) + "\nits threads:\n"
                + threads);
        String mainThread = threads.lines().dropWhile(line -> !line.startsWith("\"main\""))
                .filter(line -> line.strip().startsWith("at ")).limit(6).map(String::strip)
                .collect(java.util.stream.Collectors.joining(" < "));
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new AssertionError("HiveMQ did not start the extension in 90 s; it printed " + output.size()
                + " lines, the last: " + (output.isEmpty() ? "none" : output.get(output.size() - 1))
                + "; its main thread: " + (mainThread.isEmpty() ? "gone" : mainThread), timeout);
    }

    /** The broker's threads, as {@code jcmd <pid> Thread.print} prints them (empty if that fails). */
    private String threadDump() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return dump.waitFor(30, TimeUnit.SECONDS) ? text : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** What the broker printed so far, a line each. */
    public List<String> output() {
        return output;
    }

    private boolean started(String name) {
        return output.stream().anyMatch(line -> line.contains("Extension \"" + name + "\"")
                && line.contains("started successfully"));
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * This JVM's class path as the broker's: jars only, none that HiveMQ does not ship, and not Parley's classes. Those
     * are {@code target/classes} in {@code mvn test} but the packaged {@code target/parley-*.jar} in {@code mvn
     * verify}, whose logging settings quiet HiveMQ's own lines: so nothing from the build's folder goes in.
     */
    private static String brokerClassPath() {
        Path build = Path.of("target").toAbsolutePath();
        var entries = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (Files.isRegularFile(path) && name.endsWith(".jar") && !path.toAbsolutePath().startsWith(build)
                    && NOT_IN_HIVEMQ.stream().noneMatch(name::startsWith)) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("HiveMQ itself is on the class path")
                .anyMatch(entry -> entry.contains("hivemq-community-edition-embedded"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (var file = new ZipFile(zip.toFile())) {
            for (var entry : java.util.Collections.list(file.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                assertThat(target).startsWithRaw(into);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private void pump() {
        Thread thread = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // the broker stopped
            }
        }, "hivemq-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean listening(int port) {
        try (var socket = new java.net.Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port of 127.0.0.1 (free when asked; bind it soon). */
    public static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
