package chat.parley.hooks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code prometheus-alertmanager}, started on a free loopback port with one Slack receiver whose
 * {@code api_url} is given (a Parley incoming webhook), clustering off, groups sent after a second. {@code
 * -Dparley.alertmanager} points at another binary (test.sh sets it); without one the test fails with one line saying
 * what to install.
 */
final class Alertmanager implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("parley.alertmanager", "/usr/bin/prometheus-alertmanager"));

    private final Process process;
    private final int port;

    private Alertmanager(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one whose only receiver posts to {@code slackUrl}; returns when it is ready. */
    static Alertmanager start(Path dir, String slackUrl) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("this test needs Alertmanager, and " + BINARY + " is missing: run ./test.sh "
                    + "(installs prometheus-alertmanager with apt), or pass -Dparley.alertmanager=PATH");
        }
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, String.join("\n",
                "route:",
                "  receiver: parley",
                "  group_by: ['alertname']",
                "  group_wait: 1s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: parley",
                "    slack_configs:",
                "      - api_url: '" + slackUrl + "'",
                "        channel: '#alerts'",
                "        send_resolved: true",
                ""));
        Files.createDirectories(dir.resolve("data"));
        var builder = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn");
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("alertmanager.log").toFile());
        var alertmanager = new Alertmanager(builder.start(), port);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!alertmanager.process.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + Files.readString(dir.resolve(
                        "alertmanager.log")));
            }
            return alertmanager.ready();
        });
        return alertmanager;
    }

    private boolean ready() {
        try {
            var connection = (HttpURLConnection) URI.create(url() + "/-/ready").toURL().openConnection();
            connection.setConnectTimeout(1_000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
