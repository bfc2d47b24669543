package chat.parley;

import chat.parley.config.ParleyConfig;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The broker and the web server start side by side once the store is open; each part's time is reported, and a part
 * that fails while the other runs leaves nothing behind.
 */
class StartupInPartsTest {

    @TempDir
    Path dir;

    @Test
    void broker_and_web_start_side_by_side_and_each_part_is_timed_in_the_admin_stats() {
        try (var server = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("data")))) {
            StartupTimes times = server.startupTimes();
            assertThat(times.store()).isPositive();
            assertThat(times.broker()).isPositive();
            assertThat(times.web()).isPositive();
            assertThat(times.ready()).as("ready after the store and the slower of broker and web")
                    .isGreaterThanOrEqualTo(times.store().plus(times.broker().compareTo(times.web()) > 0
                            ? times.broker() : times.web()))
                    .as("in parallel: less than the three one after another")
                    .isLessThan(times.store().plus(times.broker()).plus(times.web()));
            assertThat(times.summary()).matches("ready in \\d+\\.\\d s: store \\d+\\.\\d s, broker \\d+\\.\\d s, "
                    + "web \\d+\\.\\d s \\(broker and web in parallel\\)");

            JsonPath stats = RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort())
                    .header("Authorization", "Bearer " + server.adminToken().value())
                    .get("/api/admin/stats").then().statusCode(200).extract().jsonPath();
            assertThat(stats.getLong("startup.readyMillis")).isEqualTo(times.ready().toMillis());
            assertThat(stats.getLong("startup.storeMillis")).isEqualTo(times.store().toMillis());
            assertThat(stats.getLong("startup.brokerMillis")).isEqualTo(times.broker().toMillis());
            assertThat(stats.getLong("startup.webMillis")).isEqualTo(times.web().toMillis());
        }
    }

    @Test
    void while_the_broker_starts_the_api_answers_503_starting_and_never_a_half_started_server() throws Exception {
        int httpPort = freePort();
        ParleyConfig config = ParleyConfig.ephemeral(dir.resolve("data")).withPorts(httpPort, 0, 0);
        var http = HttpClient.newHttpClient();
        var info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/info")).build();
        var answers = new ConcurrentLinkedQueue<HttpResponse<String>>();
        CompletableFuture<ParleyServer> starting = CompletableFuture.supplyAsync(() -> ParleyServer.start(config));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
            try {
                answers.add(http.send(info, HttpResponse.BodyHandlers.ofString()));
            } catch (IOException notListeningYet) {
                // the web server has not bound its port yet
            }
            return starting.isDone();
        });
        try (var server = starting.join()) {
            answers.add(http.send(info, HttpResponse.BodyHandlers.ofString()));
            for (var answer : answers) {
                if (answer.statusCode() == 503) {
                    assertThat(JsonPath.from(answer.body()).getString("error")).isEqualTo("starting");
                    assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                } else {
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(JsonPath.from(answer.body()).getInt("mqtt.port")).as("never port 0 of a broker "
                            + "still starting").isEqualTo(server.mqttPort());
                }
            }
        }
    }

    @Test
    void a_broker_failing_while_the_web_server_starts_stops_the_web_server_too() throws IOException {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dataDir.resolve("broker"), "a file where the broker's folder goes");
        int httpPort = freePort();
        ParleyConfig config = ParleyConfig.ephemeral(dataDir).withPorts(httpPort, 0, 0);

        StartupException refused = catchThrowableOfType(() -> ParleyServer.start(config), StartupException.class);

        assertThat(refused).as("the start is refused").isNotNull();
        assertThat(refused.getMessage()).doesNotContain("\n").startsWith("cannot write the broker's files under");
        try (var again = new ServerSocket(httpPort, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).as("the web server's port is free again").isEqualTo(httpPort);
        }
        Files.delete(dataDir.resolve("broker"));
        try (var server = ParleyServer.start(config)) {
            assertThat(server.httpPort()).as("a new server starts in this JVM, on the same port").isEqualTo(httpPort);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
