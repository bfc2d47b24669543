package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.ParleyConfig;
import chat.parley.config.WebhookTargets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Deliveries wait in parley.db while the receiver is down, survive a restart of Parley, and arrive once each when the
 * receiver is back: nothing lost, nothing twice.
 */
class OutgoingHooksRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ParleyConfig config(Path dir) {
        ParleyConfig base = ParleyConfig.ephemeral(dir).withRateLimit(TestServer.UNLIMITED);
        return base.withHooks(base.hooks().withWebhookTargets(WebhookTargets.parse("127.0.0.1")));
    }

    @Test
    void queued_deliveries_survive_a_restart_and_arrive_once(@TempDir Path dir) throws Exception {
        try (var receiver = WebhookReceiver.onFreePort()) { // down for now
            try (var server = ParleyServer.start(config(dir))) {
                var admin = new AdminApi(server);
                admin.admin().body(Map.of("url", receiver.url("/ops"), "room", "ops"))
                        .post("/api/admin/outgoing-hooks").then().statusCode(201);
                var client = Mqtt.v5(server.mqttPort(), "fay");
                for (int i = 1; i <= 3; i++) {
                    Mqtt.join(client.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("change " + i).getBytes(StandardCharsets.UTF_8)).send());
                }
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin.admin()
                        .get("/api/admin/outgoing-hooks").then()
                        .body("hooks[0].queued", equalTo(3))
                        .body("hooks[0].lastError", org.hamcrest.Matchers.startsWith("ConnectException")));
            }

            try (var server = ParleyServer.start(config(dir))) {
                receiver.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() >= 3);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> receiver.requests().size() == 3);
                var texts = receiver.requests().stream().map(r -> {
                    try {
                        return JSON.readTree(r.body()).path("message").path("text").asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
                assertThat(texts).containsExactly("change 1", "change 2", "change 3");
                new AdminApi(server).admin().get("/api/admin/outgoing-hooks").then()
                        .body("hooks[0].queued", equalTo(0)).body("hooks[0].delivered", equalTo(3));
            }
        }
    }
}
