package chat.parley.bridge;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.BridgeConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A file message from another site names a file kept there: here it is stored with its name and size and where it is
 * kept ({@code elsewhere}), without a link that would lead nowhere (or, worse, to a local file of the same id).
 */
class BridgedFilesTest {

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer server;
    static String prefix;

    @BeforeAll
    static void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
        server = ParleyServer.start(TestServer.ephemeralConfig().withBridge(BridgeConfig.off().withEnabled(true)
                .withUrl(remote.url()).withRemotePrefix(prefix).withRooms(List.of("general"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.bridge().connected());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void another_sites_file_is_shown_as_kept_there() {
        var siteB = Mqtt.v5(remote.port(), null);
        Mqtt.join(siteB.publishWith().topic(prefix + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"v\":1,\"id\":\"b-file\",\"type\":\"file\",\"from\":\"bea\",\"origin\":\"site-b\","
                        + "\"text\":\"the floor plan\",\"file\":{\"id\":\"QkJCQkJCQkJCQkJCQkJCQg\","
                        + "\"url\":\"/api/files/QkJCQkJCQkJCQkJCQkJCQg\",\"name\":\"plan.pdf\",\"size\":300000,"
                        + "\"mime\":\"application/pdf\",\"thumb\":\"VFRUVFRUVFRUVFRUVFRUVA\"}}")
                        .getBytes(StandardCharsets.UTF_8)).send());
        siteB.disconnect();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().latest("general", 10).messages().stream()
                .anyMatch(m -> "b-file".equals(m.id())));
        var stored = server.store().latest("general", 10).messages().stream().filter(m -> "b-file".equals(m.id()))
                .findFirst().orElseThrow();
        assertThat(stored.file().path("elsewhere").asText()).isEqualTo("site-b");
        assertThat(stored.file().path("name").asText()).isEqualTo("plan.pdf");
        assertThat(stored.file().path("size").asLong()).isEqualTo(300_000);
        assertThat(stored.file().has("url")).isFalse();
        assertThat(stored.file().has("thumb")).isFalse();
        assertThat(stored.text()).isEqualTo("the floor plan");
    }
}
