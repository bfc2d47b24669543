package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * An incoming webhook is a URL bound to a room: what Slack-speaking tools (Alertmanager, Grafana, GitLab) POST there
 * is posted into the room by the hook's bot, through the same intake as every message, and answered like Slack does.
 */
class IncomingHooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static AdminApi admin() {
        return new AdminApi(parley.server());
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = IncomingHooksTest.class.getResourceAsStream("/hooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void grafanas_slack_json_appears_in_the_room_from_the_hooks_bot() throws Exception {
        String url = admin().hook("alerts", "grafana");
        assertThat(url).startsWith("http://127.0.0.1:" + parley.server().httpPort() + "/hooks/");
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "oncall"), "parley/rooms/alerts/messages");

        RestAssured.given().contentType(ContentType.JSON).body(fixture("grafana-slack.json")).post(url)
                .then().statusCode(200).contentType(startsWith("text/html")).body(equalTo("ok"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        JsonNode message = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(message.path("from").asText()).isEqualTo("grafana");
        assertThat(message.path("bot").asBoolean()).isTrue();
        assertThat(message.path("text").asText()).startsWith("**[[FIRING:1] HighCPU (web-1)]")
                .contains("summary = CPU above 90% & rising");
        admin().api().get("/api/rooms/alerts/messages").then().statusCode(200)
                .body("messages.from", hasItem("grafana"));
    }

    @Test
    void alertmanager_and_gitlab_shapes_and_slacks_form_encoding_are_taken() throws Exception {
        String url = admin().hook("ops", "tools");
        RestAssured.given().contentType(ContentType.JSON).body(fixture("alertmanager-slack.json")).post(url)
                .then().statusCode(200);
        RestAssured.given().contentType(ContentType.JSON).body(fixture("gitlab-slack.json")).post(url)
                .then().statusCode(200);
        RestAssured.given().formParam("payload", "{\"text\":\"from a form\"}").post(url).then().statusCode(200);
        admin().api().get("/api/rooms/ops/messages").then().statusCode(200)
                .body("messages.text", hasItem("**[[FIRING:1] DiskFull (node-3 critical)]"
                        + "(http://alertmanager.lan:9093/#/alerts?receiver=parley)**"))
                .body("messages.text", hasItem("from a form"))
                .body("messages.findAll { it.from == 'tools' }.size()", equalTo(3));
    }

    @Test
    void a_removed_or_made_up_hook_url_is_a_counted_404_and_bad_bodies_are_400() {
        String url = admin().hook("scratch", "scratcher");
        long before = parley.server().refusals().count(Refusal.BAD_TOKEN);
        RestAssured.given().contentType(ContentType.JSON).body("{\"username\":\"x\"}").post(url).then()
                .statusCode(400).body("error", equalTo("bad_request"));
        RestAssured.given().contentType(ContentType.JSON).body("{not json").post(url).then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"" + "a".repeat(300_000) + "\"}")
                .post(url).then().statusCode(413).body("error", equalTo("payload_too_large"));

        long id = admin().admin().get("/api/admin/hooks").then().statusCode(200).extract().jsonPath()
                .getLong("hooks.find { it.room == 'scratch' }.id");
        admin().admin().delete("/api/admin/hooks/" + id).then().statusCode(204);
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}").post(url).then()
                .statusCode(404).body("error", equalTo("not_found"));
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .post("http://127.0.0.1:" + parley.server().httpPort() + "/hooks/guessed").then().statusCode(404);
        assertThat(parley.server().refusals().count(Refusal.BAD_TOKEN)).isEqualTo(before + 2);
    }

    @Test
    void removing_a_bot_removes_its_hooks() {
        String url = admin().hook("builds", "jenkins");
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"#12 passed\"}").post(url).then()
                .statusCode(200);
        admin().admin().delete("/api/admin/bots/jenkins").then().statusCode(204);
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"#13 passed\"}").post(url).then()
                .statusCode(404);
        admin().admin().get("/api/admin/hooks").then().body("hooks.bot", org.hamcrest.Matchers.not(hasItem("jenkins")));
        admin().api().get("/api/rooms/builds/messages").then().body("messages.text", hasItem("#12 passed"));
    }

    @Test
    void text_over_the_limit_is_cut_not_lost() {
        String url = admin().hook("long", "chatty");
        String text = "y".repeat(5_000);
        RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}").post(url).then()
                .statusCode(200);
        String stored = admin().api().get("/api/rooms/long/messages").then().extract().path("messages[0].text");
        assertThat(stored).hasSize(4_000).endsWith("… (cut)");
    }

    @Test
    void a_hook_cannot_take_a_persons_name_or_post_outside_its_bots_rooms() {
        chat.parley.ApiSessions.claim(parley.server().httpPort(), "erin");
        admin().admin().body("{\"room\":\"x\",\"bot\":\"erin\"}").post("/api/admin/hooks").then().statusCode(409);
        admin().bot("narrow", "one");
        admin().admin().body("{\"room\":\"two\",\"bot\":\"narrow\"}").post("/api/admin/hooks").then()
                .statusCode(400).body("message", equalTo("bot 'narrow' may only post to one (its room limits)"));
        admin().admin().body("{\"room\":\"one\"}").post("/api/admin/hooks").then().statusCode(201)
                .body("bot", equalTo("webhook"));
    }
}
