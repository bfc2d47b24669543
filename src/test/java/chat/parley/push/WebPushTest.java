package chat.parley.push;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.config.PushSettings;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Web Push end to end: a push service on loopback receives the pushes; the test plays the browser (its own key pair
 * and auth secret), decrypts each push (RFC 8291) and checks the VAPID token against the server's public key. DMs and
 * mentions are pushed to users without a live connection, never to one with a connection nor to a mentioned user who
 * may not read the room; an expired subscription (410) is forgotten; e2e messages are pushed without their text.
 */
class WebPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPushService service = TestPushService.started();

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED)
            .withPush(new PushSettings(true, "mailto:ops@example.com", List.of(service.origin()))));

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType("application/json");
    }

    private static RequestSpecification as(ApiSessions.Claimed who) {
        return api().auth().oauth2(who.token());
    }

    private static ApiSessions.Claimed claim(String user) {
        return ApiSessions.claim(parley.server().httpPort(), user);
    }

    /** A browser of {@code who} subscribed at the test push service under {@code path}. */
    private static BrowserSubscription subscribe(ApiSessions.Claimed who, String path) throws Exception {
        var browser = new BrowserSubscription(service.endpoint(path));
        as(who).body(browser.toJson()).post("/api/push/subscriptions").then().statusCode(201);
        return browser;
    }

    private static Mqtt5AsyncClient connect(String user, String password) {
        var client = MqttClient.builder().useMqttVersion5().identifier("push-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        var auth = client.connectWith().simpleAuth().username(user);
        if (password != null) {
            auth.password(password.getBytes(StandardCharsets.UTF_8));
        }
        Mqtt.join(auth.applySimpleAuth().send());
        return client;
    }

    private static void say(Mqtt5AsyncClient client, String topic, String payload) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
    }

    private static void say(String user, String topic, String payload) {
        var client = connect(user, null);
        say(client, topic, payload);
        Mqtt.join(client.disconnect());
    }

    private static JsonNode decrypted(BrowserSubscription browser, TestPushService.Push push) throws Exception {
        return JSON.readTree(browser.decrypt(push.body()));
    }

    @Test
    void a_dm_to_a_user_without_a_connection_is_pushed_encrypted_for_the_browser_and_signed_with_the_key()
            throws Exception {
        var bob = claim("bob");
        var browser = subscribe(bob, "/bob-phone");

        say("alice", "parley/dm/alice/bob/messages", "hi bob, lunch at noon?");

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/bob-phone").size() == 1);
        var push = service.to("/bob-phone").get(0);
        JsonNode payload = decrypted(browser, push);
        assertThat(payload.path("room").asText()).isEqualTo("dm:alice:bob");
        assertThat(payload.path("from").asText()).isEqualTo("alice");
        assertThat(payload.path("title").asText()).isEqualTo("alice");
        assertThat(payload.path("text").asText()).isEqualTo("hi bob, lunch at noon?");
        assertThat(payload.path("url").asText()).isEqualTo("/#/r/dm:alice:bob");
        assertThat(payload.path("encrypted").asBoolean()).isFalse();
        assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(Integer.parseInt(push.header("TTL"))).isPositive();

        String key = api().get("/api/push/key").then().statusCode(200).extract().path("key");
        String authorization = push.header("Authorization");
        assertThat(authorization).startsWith("vapid t=").contains(", k=" + key);
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String[] parts = jwt.split("\\.");
        var verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(BrowserSubscription.publicKey(Base64.getUrlDecoder().decode(key)));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2])))
                .as("the VAPID token is signed by the server's key").isTrue();
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        assertThat(claims.path("aud").asText()).isEqualTo(service.origin());
        assertThat(claims.path("sub").asText()).isEqualTo("mailto:ops@example.com");
        assertThat(claims.path("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void a_mention_is_pushed_to_users_without_a_connection_and_not_to_one_with_a_connection() throws Exception {
        var carol = claim("carol");
        var dave = claim("dave");
        var carolPhone = subscribe(carol, "/carol-phone");
        var davePhone = subscribe(dave, "/dave-phone");
        var daveOnline = connect("dave", dave.secret());

        say("erin", "parley/rooms/general/messages", "@dave @carol stand-up in 5");

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/carol-phone").size() == 1);
        JsonNode payload = decrypted(carolPhone, service.to("/carol-phone").get(0));
        assertThat(payload.path("title").asText()).isEqualTo("erin in #general");
        assertThat(payload.path("text").asText()).isEqualTo("@dave @carol stand-up in 5");
        assertThat(payload.path("url").asText()).isEqualTo("/#/r/general");
        // one worker, recipients in order: dave was decided before carol was pushed
        assertThat(service.to("/dave-phone")).as("dave's app is connected").isEmpty();

        Mqtt.join(daveOnline.disconnect());
        await().atMost(Duration.ofSeconds(10)).until(() -> !connectedUsers().contains("dave"));
        say("erin", "parley/rooms/general/messages", "@dave you missed it");
        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/dave-phone").size() == 1);
        assertThat(decrypted(davePhone, service.to("/dave-phone").get(0)).path("text").asText())
                .isEqualTo("@dave you missed it");
    }

    private static List<String> connectedUsers() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort()).auth()
                .oauth2(parley.server().adminToken().value()).get("/api/admin/clients").then().statusCode(200)
                .extract().jsonPath().getList("clients.user", String.class);
    }

    @Test
    void a_mention_in_a_private_room_reaches_members_only() throws Exception {
        var ivy = claim("ivy");
        var jack = claim("jack");
        var gina = claim("gina");
        as(ivy).body("{\"room\":\"secret-plans\"}").post("/api/private-rooms").then().statusCode(201);
        as(ivy).body("{\"user\":\"jack\"}").post("/api/private-rooms/secret-plans/members").then().statusCode(200);
        subscribe(gina, "/gina-phone");
        subscribe(jack, "/jack-phone");

        var client = connect("ivy", ivy.secret());
        say(client, "parley/rooms/secret-plans/messages", "@gina @jack the launch date is Friday");
        Mqtt.join(client.disconnect());

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/jack-phone").size() == 1);
        assertThat(service.to("/gina-phone")).as("gina may not read the private room").isEmpty();
    }

    @Test
    void an_e2e_message_is_pushed_without_its_text() throws Exception {
        var kim = claim("kim");
        var browser = subscribe(kim, "/kim-phone");

        say("leo", "parley/dm/kim/leo/messages", "{\"type\":\"e2e\",\"e2e\":{\"alg\":\"aes-256-gcm\","
                + "\"nonce\":\"AAECAwQFBgcICQoL\",\"ct\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYX\"}}");

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/kim-phone").size() == 1);
        var push = service.to("/kim-phone").get(0);
        JsonNode payload = decrypted(browser, push);
        assertThat(payload.path("text").asText()).isEqualTo("New encrypted message");
        assertThat(payload.path("encrypted").asBoolean()).isTrue();
        assertThat(payload.toString()).doesNotContain("AAECAwQFBgcICQoL");
    }

    @Test
    void a_subscription_its_push_service_calls_expired_is_forgotten() throws Exception {
        var max = claim("max");
        subscribe(max, "/max-old");
        var current = subscribe(max, "/max-new");
        service.answer("/max-old", 410);

        say("nora", "parley/dm/max/nora/messages", "are you there?");

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/max-new").size() == 1
                && service.to("/max-old").size() == 1);
        assertThat(decrypted(current, service.to("/max-new").get(0)).path("text").asText())
                .isEqualTo("are you there?");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api().get("/metrics").then().statusCode(200)
                .body(containsString("parley_push_notifications_total{result=\"expired\"} 1.0")));

        say("nora", "parley/dm/max/nora/messages", "hello?");
        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/max-new").size() == 2);
        assertThat(service.to("/max-old")).as("forgotten, so not tried again").hasSize(1);
        as(max).body(Map.of("endpoint", service.endpoint("/max-old"))).delete("/api/push/subscriptions").then()
                .statusCode(404);
        as(max).body(Map.of("endpoint", current.endpoint)).delete("/api/push/subscriptions").then().statusCode(204);
    }

    @Test
    void a_subscription_is_refused_unless_signed_in_with_a_push_service_endpoint_and_valid_keys() throws Exception {
        var olga = claim("olga");
        var browser = new BrowserSubscription(service.endpoint("/olga"));
        api().body(browser.toJson()).post("/api/push/subscriptions").then().statusCode(401);

        var elsewhere = new BrowserSubscription("https://192.168.1.1/admin/reboot");
        as(olga).body(elsewhere.toJson()).post("/api/push/subscriptions").then().statusCode(400)
                .body("message", containsString("web-push-services"));
        as(olga).body(Map.of("endpoint", service.endpoint("/olga"), "keys", Map.of("p256dh", "AAAA", "auth", "x")))
                .post("/api/push/subscriptions").then().statusCode(400).body("message", containsString("p256dh"));
        as(olga).body("not json").post("/api/push/subscriptions").then().statusCode(400);
    }
}
