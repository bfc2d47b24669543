package chat.parley.bridge;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.chat.Envelope;
import chat.parley.config.BridgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * One Parley server in this JVM bridged to a local mosquitto (the stand-in for broker.hivemq.com); "site B" is played
 * by plain MQTT clients on mosquitto. Two real Parley servers meeting there: {@code BridgeIT}.
 */
class BridgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer server;
    static String prefix;
    /** Everything published on the remote under the prefix, as the public broker would see it. */
    static List<Mqtt5Publish> onRemote = new CopyOnWriteArrayList<>();
    static Mqtt5AsyncClient spy;

    @BeforeAll
    static void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
        var config = TestServer.ephemeralConfig().toBuilder().name("Site A").build();
        server = ParleyServer.start(config.withBridge(BridgeConfig.off().withEnabled(true).withUrl(remote.url())
                .withRemotePrefix(prefix).withRooms(List.of("general", "ops"))));
        // A persistent session, so what is published while the spy is away (remote restarts) waits for it.
        spy = MqttClient.builder().useMqttVersion5().identifier("spy-" + prefix).serverHost("127.0.0.1")
                .serverPort(remote.port()).automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect().buildAsync();
        spy.publishes(MqttGlobalPublishFilter.ALL, onRemote::add);
        // cleanStart(false): automatic reconnects reuse this connect, and a clean start would drop what waited
        // (its client id is new, so the first connect starts a new session anyway)
        Mqtt.join(spy.connectWith().cleanStart(false).sessionExpiryInterval(3600).send());
        Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send());
        await().atMost(WAIT).until(() -> server.bridge().connected());
    }

    @AfterAll
    static void stop() {
        if (spy != null) {
            spy.disconnect();
        }
        if (server != null) {
            server.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    private static RequestSpecification admin() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort())
                .header("Authorization", "Bearer " + server.adminToken().value());
    }

    private static Mqtt5AsyncClient siteB() {
        return Mqtt.v5(remote.port(), null);
    }

    private static List<JsonNode> remoteMessages(String room) {
        return onRemote.stream().filter(p -> p.getTopic().toString().equals(prefix + "/rooms/" + room + "/messages"))
                .map(p -> read(Mqtt.text(p))).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void publishOnRemote(String room, String payload) {
        Mqtt5AsyncClient b = siteB();
        Mqtt.join(b.publishWith().topic(prefix + "/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
        b.disconnect();
    }

    @Test
    void a_local_message_in_a_bridged_room_goes_to_the_remote_once_with_this_sites_origin() {
        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"out-1\",\"text\":\"hello other sites\"}".getBytes()).send());

        await().atMost(WAIT).until(() -> remoteMessages("general").stream()
                .anyMatch(m -> m.path("id").asText().equals("out-1")));
        JsonNode sent = remoteMessages("general").stream().filter(m -> m.path("id").asText().equals("out-1"))
                .findFirst().orElseThrow();
        assertThat(sent.path("from").asText()).isEqualTo("alice");
        assertThat(sent.path("text").asText()).isEqualTo("hello other sites");
        assertThat(sent.path("origin").asText()).isEqualTo(server.bridge().origin()).startsWith("site-a-");
        assertThat(sent.has("seq")).as("the receiving site numbers its own rooms").isFalse();
        assertThat(sent.has("client")).as("local client ids stay local").isFalse();
        // The local copy is not marked as bridged.
        Envelope local = server.store().latest("general", 50).messages().stream()
                .filter(m -> m.id().equals("out-1")).findFirst().orElseThrow();
        assertThat(local.via()).isNull();
        // Nothing comes back: no-local on the bridge's subscription, and nothing is forwarded twice.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> remoteMessages("general")
                .stream().filter(m -> m.path("id").asText().equals("out-1")).count() == 1);
        assertThat(server.store().latest("general", 50).messages().stream().filter(m -> m.id().equals("out-1")))
                .hasSize(1);
        alice.disconnect();
    }

    @Test
    void a_message_from_another_site_is_stored_and_delivered_as_bridged_once() {
        Mqtt5AsyncClient carol = Mqtt.v5(server.mqttPort(), "carol");
        var inbox = Mqtt.subscribe(carol, "parley/rooms/ops/messages");
        String payload = "{\"id\":\"in-1\",\"from\":\"bob\",\"origin\":\"site-b-x1\",\"text\":\"hi from B\","
                + "\"seq\":9999,\"via\":\"local\",\"type\":\"text\"}";
        publishOnRemote("ops", payload);
        publishOnRemote("ops", payload); // a redelivery, or a second site relaying: same id, stored once

        await().atMost(WAIT).until(() -> !inbox.isEmpty());
        JsonNode delivered = read(Mqtt.text(inbox.get(0)));
        assertThat(delivered.path("from").asText()).isEqualTo("bob");
        assertThat(delivered.path("origin").asText()).isEqualTo("site-b-x1");
        assertThat(delivered.path("via").asText()).isEqualTo("bridge");
        assertThat(delivered.path("seq").asLong()).isNotEqualTo(9999L).isPositive();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> inbox.size() == 1);
        List<Envelope> stored = server.store().latest("ops", 50).messages().stream()
                .filter(m -> m.id().equals("in-1")).toList();
        assertThat(stored).singleElement().satisfies(m -> {
            assertThat(m.bridged()).isTrue();
            assertThat(m.from()).isEqualTo("bob");
        });
        // Bridged messages are not sent back out: the remote saw the two publishes of site B and nothing else.
        assertThat(remoteMessages("ops").stream().filter(m -> m.path("id").asText().equals("in-1"))).hasSize(2);
        carol.disconnect();
    }

    @Test
    void a_message_carrying_this_sites_origin_is_dropped_as_a_loop() {
        long loops = server.bridge().status().loopsDropped();
        publishOnRemote("general", "{\"id\":\"loop-1\",\"from\":\"alice\",\"origin\":\"" + server.bridge().origin()
                + "\",\"text\":\"me again\"}");
        await().atMost(WAIT).until(() -> server.bridge().status().loopsDropped() == loops + 1);
        assertThat(server.store().latest("general", 100).messages()).noneMatch(m -> m.id().equals("loop-1"));
    }

    @Test
    void forged_and_oversized_messages_from_the_remote_are_refused_by_the_local_rules() {
        long refused = server.bridge().status().refused();
        publishOnRemote("general", "{\"id\":\"forged-1\",\"type\":\"system\",\"from\":\"parley\",\"text\":\"pwned\"}");
        publishOnRemote("general", "{\"id\":\"forged-2\",\"from\":\"Not A User!\",\"text\":\"x\"}");
        publishOnRemote("general", "{\"id\":\"forged-3\",\"from\":\"bob\",\"text\":\"" + "x".repeat(70_000) + "\"}");
        publishOnRemote("general", "{\"id\":\"forged-4\",\"from\":\"bob\",\"text\":\"" + "y".repeat(4_001) + "\"}");
        publishOnRemote("general", "{\"id\":\"forged-5\",\"from\":\"bob\",\"type\":\"bogus\",\"text\":\"y\"}");
        await().atMost(WAIT).until(() -> server.bridge().status().refused() == refused + 5);
        assertThat(server.store().latest("general", 100).messages())
                .noneMatch(m -> m.id().startsWith("forged-"));
        String metrics = RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/metrics")
                .asString();
        assertThat(metrics).contains("parley_bridge_refused_total")
                .contains("parley_refusals_total{reason=\"payload_too_large\"}");
    }

    @Test
    void events_from_another_site_pass_the_same_rules_and_an_author_is_a_name_at_a_site() {
        long refused = server.bridge().status().refused();
        publishOnRemote("ops", "{\"id\":\"rb-1\",\"from\":\"bob\",\"origin\":\"site-b\",\"text\":\"draft one\"}");
        publishOnRemote("ops", "{\"id\":\"rb-x\",\"type\":\"edit\",\"target\":\"rb-1\",\"from\":\"bob\","
                + "\"origin\":\"site-c\",\"text\":\"forged by another site's bob\"}");
        publishOnRemote("ops", "{\"id\":\"rb-y\",\"type\":\"delete\",\"target\":\"never-here\",\"from\":\"bob\","
                + "\"origin\":\"site-b\"}");
        publishOnRemote("ops", "{\"id\":\"rb-e\",\"type\":\"edit\",\"target\":\"rb-1\",\"from\":\"bob\","
                + "\"origin\":\"site-b\",\"text\":\"draft two\"}");

        await().atMost(WAIT).until(() -> server.store().latest("ops", 100).messages().stream()
                .anyMatch(m -> m.id().equals("rb-e")));
        assertThat(server.bridge().status().refused()).isEqualTo(refused + 2);
        assertThat(server.store().latest("ops", 100).messages().stream().filter(m -> m.id().equals("rb-1")))
                .singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("draft two"));

        // This site's bob is not site B's bob; this site's reaction goes out like a message, with its origin.
        Mqtt5AsyncClient bob = Mqtt.v5(server.mqttPort(), "bob");
        var edit = bob.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"type\":\"edit\",\"target\":\"rb-1\",\"text\":\"mine now\"}".getBytes()).send();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> edit.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class);
        Mqtt.join(bob.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"rb-r\",\"type\":\"reaction\",\"target\":\"rb-1\",\"emoji\":\"👍\",\"op\":\"add\"}"
                        .getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(WAIT).until(() -> remoteMessages("ops").stream().anyMatch(m -> m.path("id").asText()
                .equals("rb-r") && m.path("target").asText().equals("rb-1")
                && m.path("origin").asText().equals(server.bridge().origin())));
        bob.disconnect();
    }

    @Test
    void rooms_that_are_not_bridged_stay_local_both_ways() {
        publishOnRemote("secret", "{\"id\":\"nb-1\",\"from\":\"bob\",\"text\":\"psst\"}");
        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        Mqtt.join(alice.publishWith().topic("parley/rooms/secret/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"nb-2\",\"text\":\"local only\"}".getBytes()).send());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> remoteMessages("secret").size() == 1);
        assertThat(server.store().latest("secret", 10).messages()).extracting(Envelope::id).containsExactly("nb-2");
        alice.disconnect();
    }

    @Test
    void status_is_in_the_admin_api_info_and_metrics() {
        admin().get("/api/admin/bridge").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("connected", equalTo(true))
                .body("url", equalTo(remote.url()))
                .body("remotePrefix", equalTo(prefix))
                .body("origin", equalTo(server.bridge().origin()))
                .body("rooms", equalTo(List.of("general", "ops")))
                .body("queueDepth", equalTo(0));
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/admin/bridge")
                .then().statusCode(401);
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/info").then()
                .body("bridge.enabled", equalTo(true)).body("bridge.connected", equalTo(true));
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/bridge?rooms=general,lobby")
                .then().statusCode(200).body("bridged", equalTo(List.of("general")));
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/bridge?rooms=Bad")
                .then().statusCode(400).body("error", equalTo("bad_request"));
        String metrics = RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/metrics")
                .asString();
        assertThat(metrics).contains("parley_bridge_queue_depth").contains("parley_bridge_connected 1.0")
                .contains("parley_bridge_messages_total{direction=\"out\"}");
    }

    @Test
    void bad_admin_changes_are_refused_with_the_error_shape() {
        admin().contentType("application/json").body("{\"enabled\":\"yes\"}").put("/api/admin/bridge").then()
                .statusCode(400).body("error", equalTo("bad_request"));
        admin().contentType("application/json").body("{\"rooms\":[\"Not a room\"]}").put("/api/admin/bridge").then()
                .statusCode(400).body("message", org.hamcrest.Matchers.containsString("not a room id"));
    }

    @Test
    void runtime_disable_stops_the_bridge_and_enable_with_other_rooms_resumes_it() {
        try {
            admin().contentType("application/json").body("{\"enabled\":false}").put("/api/admin/bridge").then()
                    .statusCode(200).body("enabled", equalTo(false)).body("connected", equalTo(false));
            Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
            Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":\"off-1\",\"text\":\"while off\"}".getBytes()).send());
            assertThat(server.bridge().status().queueDepth()).as("nothing is queued while disabled").isZero();

            admin().contentType("application/json").body("{\"enabled\":true,\"rooms\":[\"general\",\"ops\",\"news\"]}")
                    .put("/api/admin/bridge").then().statusCode(200).body("enabled", equalTo(true))
                    .body("rooms", equalTo(List.of("general", "ops", "news")));
            await().atMost(WAIT).until(() -> server.bridge().connected());
            Mqtt.join(alice.publishWith().topic("parley/rooms/news/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":\"on-1\",\"text\":\"news is bridged now\"}".getBytes()).send());
            await().atMost(WAIT).until(() -> remoteMessages("news").stream()
                    .anyMatch(m -> m.path("id").asText().equals("on-1")));
            assertThat(remoteMessages("general")).noneMatch(m -> m.path("id").asText().equals("off-1"));
            alice.disconnect();
        } finally {
            server.bridge().update(true, List.of("general", "ops"));
        }
    }

    @Test
    void while_the_remote_is_down_500_messages_queue_durably_and_go_out_in_order_once_it_is_back() {
        remote.stop();
        await().atMost(WAIT).until(() -> !server.bridge().connected());
        admin().get("/api/admin/bridge").then().body("connected", equalTo(false));
        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        for (int i = 0; i < 500; i++) {
            alice.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"q-" + i + "\",\"text\":\"queued " + i + "\"}").getBytes()).send();
        }
        await().atMost(WAIT).until(() -> server.bridge().status().queueDepth() == 500);
        assertThat(server.bridge().status().lastError()).isNotNull();

        remote.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> server.bridge().status().queueDepth() == 0);
        await().atMost(WAIT).until(() -> remoteMessages("ops").stream()
                .filter(m -> m.path("id").asText().startsWith("q-")).map(m -> m.path("id").asText())
                .distinct().count() == 500);
        List<String> ids = remoteMessages("ops").stream().map(m -> m.path("id").asText())
                .filter(id -> id.startsWith("q-")).distinct().toList();
        assertThat(ids).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> "q-" + i)
                .toList());
        alice.disconnect();
    }
}
