package chat.parley.hooks;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * {@code POST /api/rooms/{room}/messages} goes through the same intake as an MQTT publish: what a bot posts over HTTP
 * is stored before the answer, delivered to live MQTT subscribers and in history, marked {@code bot: true}; a bad
 * token, a room the bot may not use, text over the limit and a flood are refused with the one error shape and
 * counted.
 */
class PostOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED).withLimits(100, 65_536)
            .withHooks(config.hooks().withPostRate(new ParleyConfig.RateLimit(1, 5))));

    private static AdminApi admin() {
        return new AdminApi(parley.server());
    }

    @Test
    void plain_text_from_a_bot_reaches_a_live_mqtt_subscriber_and_history_as_curl_would_send_it() throws Exception {
        String token = admin().bot("ci");
        var subscriber = Mqtt.v5(parley.server().mqttPort(), "watcher");
        var inbox = Mqtt.subscribe(subscriber, "parley/rooms/builds/messages");

        // exactly what `curl -H "Authorization: Bearer $T" -d 'deploy done' URL` sends
        String answer = admin().bearer(token).contentType("application/x-www-form-urlencoded").body("deploy done")
                .post("/api/rooms/builds/messages")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("seq", greaterThan(0)).body("from", equalTo("ci")).body("bot", equalTo(true))
                .body("text", equalTo("deploy done")).body("client", equalTo("http")).body("room", equalTo("builds"))
                .extract().asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        JsonNode live = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(live).isEqualTo(JSON.readTree(answer));
        admin().api().get("/api/rooms/builds/messages").then().statusCode(200)
                .body("messages.text", hasItem("deploy done")).body("messages[0].bot", equalTo(true));
    }

    @Test
    void a_text_body_that_starts_with_a_brace_stays_text_and_json_is_an_envelope_posted_once_per_id() {
        String token = admin().bot("formatter");
        admin().bearer(token).contentType("text/plain").body("{not json}").post("/api/rooms/code/messages")
                .then().statusCode(201).body("text", equalTo("{not json}"));
        int seq = admin().bearer(token).contentType(ContentType.JSON)
                .body("{\"id\":\"build-1234\",\"text\":\"**green**\",\"from\":\"mallory\",\"bot\":false}")
                .post("/api/rooms/code/messages")
                .then().statusCode(201).body("from", equalTo("formatter")).body("bot", equalTo(true))
                .body("id", equalTo("build-1234")).extract().path("seq");
        // a CI job that retries its post does not say it twice
        admin().bearer(token).contentType(ContentType.JSON).body("{\"id\":\"build-1234\",\"text\":\"**green**\"}")
                .post("/api/rooms/code/messages").then().statusCode(200).body("seq", equalTo(seq));
        admin().bearer(token).contentType(ContentType.JSON).body("{\"type\":\"text\"}")
                .post("/api/rooms/code/messages").then().statusCode(400).body("error", equalTo("invalid_envelope"));
    }

    @Test
    void a_signed_in_user_posts_json_with_a_session_and_is_no_bot() {
        var alice = ApiSessions.claim(parley.server().httpPort(), "alice");
        admin().bearer(alice.token()).contentType(ContentType.JSON).body("{\"text\":\"from a script of mine\"}")
                .post("/api/rooms/general/messages")
                .then().statusCode(201).body("from", equalTo("alice")).body("bot", equalTo(null));
        // a browser's cookie is not enough for a plain-text body: a form on another site could send one
        admin().api().cookie("parley_session", alice.token()).contentType("text/plain").body("forged")
                .post("/api/rooms/general/messages").then().statusCode(403).body("error", equalTo("json_required"));
        admin().api().contentType(ContentType.JSON).body("{\"text\":\"who am I\"}")
                .post("/api/rooms/general/messages").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void a_wrong_rotated_or_revoked_token_is_a_counted_401_and_the_new_token_works() {
        String first = admin().bot("deployer");
        long before = parley.server().refusals().count(Refusal.BAD_TOKEN);
        admin().bearer("pbot_not-a-token").body("hi").post("/api/rooms/ops/messages")
                .then().statusCode(401).body("status", equalTo(401)).body("error", equalTo("unauthorized"))
                .body("message", notNullValue());

        String second = admin().admin().post("/api/admin/bots/deployer/token").then().statusCode(200)
                .extract().path("token");
        admin().bearer(first).body("hi").post("/api/rooms/ops/messages").then().statusCode(401);
        admin().bearer(second).body("hi").post("/api/rooms/ops/messages").then().statusCode(201);

        admin().admin().delete("/api/admin/bots/deployer/token").then().statusCode(204);
        admin().bearer(second).body("hi").post("/api/rooms/ops/messages").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        assertThat(parley.server().refusals().count(Refusal.BAD_TOKEN)).isEqualTo(before + 3);
        admin().admin().get("/api/admin/bots").then().statusCode(200)
                .body("bots.find { it.name == 'deployer' }.hasToken", equalTo(false));
    }

    @Test
    void a_bot_limited_to_rooms_gets_403_elsewhere() {
        String token = admin().bot("reporter", "reports");
        admin().bearer(token).body("weekly").post("/api/rooms/reports/messages").then().statusCode(201);
        admin().bearer(token).body("weekly").post("/api/rooms/random/messages").then().statusCode(403)
                .body("error", equalTo("forbidden")).body("message", equalTo(
                        "bot 'reporter' may only post to reports (its room limits)"));
    }

    @Test
    void text_over_the_limit_is_a_counted_413() {
        String token = admin().bot("verbose");
        long before = parley.server().refusals().count(Refusal.TEXT_TOO_LONG);
        admin().bearer(token).body("x".repeat(101)).post("/api/rooms/logs/messages").then().statusCode(413)
                .body("error", equalTo("text_too_long"))
                .body("message", equalTo("text of 101 characters is over the limit of 100"));
        assertThat(parley.server().refusals().count(Refusal.TEXT_TOO_LONG)).isEqualTo(before + 1);
        admin().bearer(token).contentType(ContentType.JSON).body("{\"text\":\"" + "z".repeat(70_000) + "\"}")
                .post("/api/rooms/logs/messages").then().statusCode(413).body("error", equalTo("payload_too_large"));
        admin().bearer(token).body("w".repeat(3_000_000)).post("/api/rooms/logs/messages").then().statusCode(413)
                .body("error", equalTo("payload_too_large"))
                .body("message", equalTo("payload of 3000000 bytes is over the limit of 65536"));
    }

    @Test
    void a_flood_from_one_token_gets_429_with_retry_after_and_other_tokens_still_post() {
        String flooder = admin().bot("flooder");
        long before = parley.server().refusals().count(Refusal.RATE_LIMITED);
        int created = 0;
        int limited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            var response = admin().bearer(flooder).body("line " + i).post("/api/rooms/flood/messages");
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.header("Retry-After")).isEqualTo("1");
                assertThat(response.jsonPath().getString("error")).isEqualTo("rate_limited");
                limited++;
            }
        }
        // the burst of 5, plus what 1/s refilled while the 12 posts took their time (seconds on a loaded machine)
        long refilled = (System.nanoTime() - start) / 1_000_000_000L + 1;
        assertThat(created).as("the burst of 5 (and what 1/s refills meanwhile)").isBetween(5, (int) (5 + refilled));
        assertThat(limited).as("some of the flood is refused").isPositive();
        assertThat(parley.server().refusals().count(Refusal.RATE_LIMITED)).isEqualTo(before + limited);
        admin().bearer(admin().bot("polite")).body("hello").post("/api/rooms/flood/messages").then().statusCode(201);
    }

    @Test
    void names_of_bots_are_their_own() {
        admin().bot("taken");
        admin().admin().body("{\"name\":\"taken\"}").post("/api/admin/bots").then().statusCode(409);
        admin().api().contentType(ContentType.JSON).body("{\"user\":\"taken\"}").post("/api/claim")
                .then().statusCode(409).body("error", equalTo("name_taken"));
        ApiSessions.claim(parley.server().httpPort(), "dora");
        admin().admin().body("{\"name\":\"dora\"}").post("/api/admin/bots").then().statusCode(409);
        admin().admin().body("{\"name\":\"Not A Name\"}").post("/api/admin/bots").then().statusCode(400);
        admin().admin().body("{\"name\":\"okay\",\"rooms\":[\"#bad\"]}").post("/api/admin/bots").then()
                .statusCode(400);
    }
}
