package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.config.WebhookTargets;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Outgoing webhooks POST the messages of a room (or a bot's mentions) to a receiver on loopback, signed with the
 * hook's secret, again after a failure; a mention hook's answer is posted as its bot; targets the setting does not
 * allow are refused.
 */
class OutgoingHooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED)
            .withHooks(config.hooks().withWebhookTargets(WebhookTargets.parse("127.0.0.1"))));

    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.started();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static AdminApi admin() {
        return new AdminApi(parley.server());
    }

    private static void say(String user, String room, String text) {
        var client = Mqtt.v5(parley.server().mqttPort(), user);
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
        Mqtt.join(client.disconnect());
    }

    private static List<WebhookReceiver.Request> to(String path) {
        return receiver.requests().stream().filter(r -> {
            try {
                return JSON.readTree(r.body()).path("hook").asLong() > 0 && r.header("X-Parley-Hook") != null
                        && JSON.readTree(r.body()).path("room").asText().equals(path);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_room_hook_gets_each_message_signed_and_again_after_a_500() throws Exception {
        receiver.answer(500, "text/plain", "busy");
        JsonPath created = admin().admin().body(Map.of("url", receiver.url("/deploys"), "room", "deploys"))
                .post("/api/admin/outgoing-hooks").then().statusCode(201).extract().jsonPath();
        String secret = created.getString("secret");
        long id = created.getLong("id");
        assertThat(secret).startsWith("pwhs_");

        say("dana", "elsewhere", "not for the hook");
        say("dana", "deploys", "v1.2 shipped");

        await().atMost(Duration.ofSeconds(20)).until(() -> to("deploys").size() == 2);
        var first = to("deploys").get(0);
        var second = to("deploys").get(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("X-Parley-Delivery")).isEqualTo(first.header("X-Parley-Delivery"));
        assertThat(second.header("X-Parley-Signature-256")).isEqualTo(hmac(secret, second.body()));
        assertThat(second.header("Content-Type")).startsWith("application/json");

        JsonNode body = JSON.readTree(second.body());
        assertThat(body.path("server").asText()).isEqualTo("Parley");
        assertThat(body.path("room").asText()).isEqualTo("deploys");
        assertThat(body.path("trigger").asText()).isEqualTo("message");
        assertThat(body.path("hook").asLong()).isEqualTo(id);
        assertThat(body.path("message").path("text").asText()).isEqualTo("v1.2 shipped");
        assertThat(body.path("message").path("from").asText()).isEqualTo("dana");
        assertThat(body.path("message").path("seq").asLong()).isPositive();
        assertThat(body.path("delivery").asText()).isEqualTo(first.header("X-Parley-Delivery"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().admin().get("/api/admin/outgoing-hooks")
                .then().statusCode(200)
                .body("hooks.find { it.id == " + id + " }.delivered", equalTo(1))
                .body("hooks.find { it.id == " + id + " }.lastStatus", equalTo(200))
                .body("hooks.find { it.id == " + id + " }.lastError", equalTo(null))
                .body("hooks.find { it.id == " + id + " }.queued", equalTo(0))
                .body("hooks.find { it.id == " + id + " }.secret", equalTo(null)));
        assertThat(to("elsewhere")).isEmpty();
    }

    @Test
    void a_mention_hooks_answer_is_posted_as_the_bot_in_reply() throws Exception {
        admin().bot("helper");
        admin().admin().body(Map.of("url", receiver.url("/helper"), "bot", "helper"))
                .post("/api/admin/outgoing-hooks").then().statusCode(201).body("room", equalTo(null));
        receiver.answer(200, "application/json", "{\"text\":\"pong\",\"response_type\":\"comment\"}");

        say("erin", "lobby", "nobody called the helper here");
        say("erin", "lobby", "hey @helper ping");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> replies = admin().api().get("/api/rooms/lobby/messages").then()
                    .statusCode(200).extract().jsonPath().getList("messages.findAll { it.from == 'helper' }");
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0)).containsEntry("text", "pong").containsEntry("bot", true)
                    .containsEntry("client", "webhook");
        });
        JsonPath page = admin().api().get("/api/rooms/lobby/messages").then().extract().jsonPath();
        String pingId = page.getString("messages.find { it.text == 'hey @helper ping' }.id");
        assertThat(page.getString("messages.find { it.from == 'helper' }.replyTo")).isEqualTo(pingId);
        List<WebhookReceiver.Request> calls = to("lobby");
        assertThat(calls).as("only the mention, and not the bot's own answer").hasSize(1);
        assertThat(JSON.readTree(calls.get(0).body()).path("trigger").asText()).isEqualTo("mention");
    }

    @Test
    void targets_outside_webhook_targets_and_hooks_without_a_room_or_bot_are_refused() {
        admin().admin().body(Map.of("url", "http://10.9.8.7/hook", "room", "ops")).post("/api/admin/outgoing-hooks")
                .then().statusCode(400).body("message", equalTo("10.9.8.7 (10.9.8.7) is not allowed by "
                        + "webhook-targets"));
        admin().admin().body(Map.of("url", "file:///etc/passwd", "room", "ops")).post("/api/admin/outgoing-hooks")
                .then().statusCode(400).body("message", containsString("http:// or https://"));
        admin().admin().body(Map.of("url", receiver.url("/x"))).post("/api/admin/outgoing-hooks")
                .then().statusCode(400).body("message", containsString("needs a room"));
        admin().admin().body(Map.of("url", receiver.url("/x"), "bot", "nobody")).post("/api/admin/outgoing-hooks")
                .then().statusCode(400).body("message", containsString("no bot named 'nobody'"));
    }
}
