package chat.parley.bridge;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.chat.Envelope;
import chat.parley.config.BridgeConfig;
import chat.parley.config.ParleyConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
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
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gap repair with one Parley server ("site A") in this JVM bridged to a local mosquitto; the other sites are played by
 * plain MQTT clients on mosquitto, which publish messages with counters, heads, requests and answers by hand.
 * Two real Parley sites repairing each other: {@code BridgeRepairIT}.
 */
class BridgeRepairTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer server;
    static String prefix;
    static String self;
    /** Everything published on the remote under the prefix. */
    static final List<Mqtt5Publish> onRemote = new CopyOnWriteArrayList<>();
    static Mqtt5AsyncClient spy;
    static Mqtt5AsyncClient stranger;
    /** The owner of the private room {@code plans}, which the config names as bridged: it never is. */
    static ApiSessions.Claimed owner;

    @BeforeAll
    static void start() {
        startOn(TestServer.ephemeralConfig());
    }

    /** Starts site A on {@code config}'s store ({@link PostgresBridgeRepairTest}: history on PostgreSQL). */
    static void startOn(ParleyConfig store) {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "repair-" + UUID.randomUUID().toString().substring(0, 8);
        var config = store.toBuilder().name("Site A").build();
        server = ParleyServer.start(config.withBridge(BridgeConfig.off().withEnabled(true).withUrl(remote.url())
                .withRemotePrefix(prefix).withRooms(List.of("general", "ops", "news", "plans"))));
        self = server.bridge().origin();
        owner = ApiSessions.claim(server.httpPort(), "planner");
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).contentType("application/json")
                .auth().oauth2(owner.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then()
                .statusCode(201);
        spy = MqttClient.builder().useMqttVersion5().identifier("spy-" + prefix).serverHost("127.0.0.1")
                .serverPort(remote.port()).buildAsync();
        spy.publishes(MqttGlobalPublishFilter.ALL, onRemote::add);
        Mqtt.join(spy.connectWith().send());
        Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send());
        stranger = Mqtt.v5(remote.port(), null);
        await().atMost(WAIT).until(() -> server.bridge().connected());
    }

    @AfterAll
    static void stop() {
        for (Mqtt5AsyncClient client : new Mqtt5AsyncClient[] {spy, stranger}) {
            if (client != null) {
                client.disconnect();
            }
        }
        if (server != null) {
            server.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    private static void publish(String topic, String payload) {
        Mqtt.join(stranger.publishWith().topic(prefix + topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
    }

    /** What the remote carried on {@code {prefix}{topic}}, as JSON, in order (leaving out what is not JSON). */
    private static List<JsonNode> seenOnRemote(String topic) {
        return onRemote.stream().filter(p -> p.getTopic().toString().equals(prefix + topic))
                .filter(p -> Mqtt.text(p).endsWith("}")).map(p -> read(Mqtt.text(p))).toList();
    }

    /** This site's messages of a room on the remote. */
    private static List<JsonNode> ownOnRemote(String room) {
        return seenOnRemote("/rooms/" + room + "/messages").stream()
                .filter(m -> m.path("origin").asText().equals(self)).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static List<String> history(String room) {
        return server.store().latest(room, 500).messages().stream().map(Envelope::id).toList();
    }

    private static BridgeStatus.Origin where(String origin, String room) {
        return server.bridge().status().origins().stream()
                .filter(o -> o.origin().equals(origin) && o.room().equals(room)).findFirst().orElse(null);
    }

    private static String message(String origin, long oseq, String id, String text) {
        return "{\"id\":\"" + id + "\",\"from\":\"xena\",\"origin\":\"" + origin + "\",\"oseq\":" + oseq
                + ",\"text\":\"" + text + "\"}";
    }

    private static String request(String by, String origin, long after, boolean any) {
        return new RepairProtocol.Request(by, origin, after, null, any).toJson();
    }

    @Test
    void it_answers_a_request_for_its_own_messages_in_order_a_bounded_batch_at_a_time() {
        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        for (int i = 1; i <= 120; i++) {
            alice.publishWith().topic("parley/rooms/news/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"n-" + i + "\",\"text\":\"news " + i + "\"}").getBytes()).send();
        }
        await().atMost(WAIT).until(() -> ownOnRemote("news").size() == 120);
        assertThat(ownOnRemote("news")).as("live messages carry this site's counter, in order")
                .extracting(m -> m.path("oseq").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
        alice.disconnect();

        String b = "site-b-bbbbbb";
        long answered = server.bridge().status().repairsAnswered();
        publish("/rooms/news/repair", request(b, self, 0, false));
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/news/repair/" + b).size() == RepairAnswers.BATCH + 1);
        List<JsonNode> answer = seenOnRemote("/rooms/news/repair/" + b);
        assertThat(answer.subList(0, RepairAnswers.BATCH)).extracting(m -> m.path("id").asText())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).mapToObj(i -> "n-" + i).toList());
        JsonNode done = answer.get(RepairAnswers.BATCH);
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("upto").asLong()).isEqualTo(100);
        assertThat(done.path("latest").asLong()).isEqualTo(120);

        publish("/rooms/news/repair", request(b, self, 100, false));
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/news/repair/" + b).size() == RepairAnswers.BATCH + 22);
        assertThat(server.bridge().status().repairsAnswered()).isEqualTo(answered + 2);
        String metrics = RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/metrics")
                .asString();
        assertThat(metrics).contains("parley_bridge_repairs_total{event=\"answered\"}")
                .contains("parley_bridge_recovered_total");
    }

    @Test
    void a_forged_request_never_makes_it_answer_about_a_room_it_does_not_bridge() {
        String mallory = "site-m-mmmmmm";
        long refused = server.bridge().status().repairsRefused();
        publish("/rooms/secret/repair", request(mallory, self, 0, true)); // not bridged here
        publish("/rooms/plans/repair", request(mallory, self, 0, true)); // private here
        publish("/rooms/news/repair", "{\"by\":\"" + mallory + "\",\"origin\":"); // not JSON
        publish("/rooms/news/repair", "{\"by\":\"../../#\",\"origin\":\"" + self + "\",\"after\":0}");
        publish("/rooms/news/repair", "{\"by\":\"" + mallory + "\",\"origin\":\"" + self + "\",\"after\":-5}");
        publish("/rooms/plans/messages", message("site-m-mmmmmm", 1, "sneak-1", "into a private room"));
        var planner = MqttClient.builder().useMqttVersion5().identifier("planner-1").serverHost("127.0.0.1")
                .serverPort(server.mqttPort()).buildAsync();
        Mqtt.join(planner.connectWith().simpleAuth().username(owner.user())
                .password(owner.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        Mqtt.join(planner.publishWith().topic("parley/rooms/plans/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"private-1\",\"text\":\"members only\"}".getBytes()).send());
        planner.disconnect();
        assertThat(history("plans")).as("stored here").containsExactly("private-1");
        await().atMost(WAIT).until(() -> server.bridge().status().repairsRefused() == refused + 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> onRemote.stream()
                .noneMatch(p -> p.getTopic().toString().contains("/repair/" + mallory)));
        assertThat(history("plans")).as("nothing came in").containsExactly("private-1");
        assertThat(onRemote).as("nothing went out").noneMatch(p -> p.getTopic().toString().contains("/plans/")
                && Mqtt.text(p).contains("private-1"));
        assertThat(server.bridge().connected()).isTrue();
    }

    @Test
    void a_jump_in_another_sites_counter_is_repaired_and_a_third_site_may_then_ask_this_one() {
        String x = "site-x-xxxxxx";
        publish("/rooms/general/messages", message(x, 1, "x-1", "one"));
        publish("/rooms/general/messages", message(x, 2, "x-2", "two"));
        publish("/rooms/general/messages", message(x, 4, "x-4", "four")); // 3 was lost on the way
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/general/repair").stream()
                .anyMatch(r -> r.path("origin").asText().equals(x)));
        JsonNode asked = seenOnRemote("/rooms/general/repair").stream()
                .filter(r -> r.path("origin").asText().equals(x)).findFirst().orElseThrow();
        assertThat(asked.path("by").asText()).isEqualTo(self);
        assertThat(asked.path("after").asLong()).isEqualTo(2);
        assertThat(asked.path("upto").asLong()).as("only what is missing, not what it holds").isEqualTo(3);
        assertThat(asked.path("any").asBoolean()).isFalse();
        assertThat(where(x, "general").missing()).isEqualTo(1);

        long recovered = server.bridge().status().recovered();
        publish("/rooms/general/repair/" + self, message(x, 3, "x-3", "three"));
        publish("/rooms/general/repair/" + self, new RepairProtocol.Done(x, x, 2, 3, 4, List.of(), List.of())
                .toJson());
        await().atMost(WAIT).until(() -> history("general").contains("x-3"));
        await().atMost(WAIT).until(() -> !where(x, "general").repairing());
        assertThat(where(x, "general")).isEqualTo(new BridgeStatus.Origin(x, "general", 4, 4, 0, false));
        assertThat(server.bridge().status().recovered()).isEqualTo(recovered + 1);
        RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/bridge?rooms=general")
                .then().statusCode(200)
                .body("origins.find { it.origin == '" + x + "' }.held", org.hamcrest.Matchers.equalTo(4));

        String c = "site-c-cccccc";
        publish("/rooms/general/repair", request(c, x, 0, true)); // X is away: anyone who holds them
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/general/repair/" + c).size() == 5);
        List<JsonNode> answer = seenOnRemote("/rooms/general/repair/" + c);
        assertThat(answer.subList(0, 4)).extracting(m -> m.path("id").asText())
                .containsExactly("x-1", "x-2", "x-3", "x-4");
        assertThat(answer.subList(0, 4)).allMatch(m -> m.path("origin").asText().equals(x));
        assertThat(answer.get(4).path("by").asText()).isEqualTo(self);
    }

    @Test
    void history_the_origin_no_longer_keeps_is_marked_in_the_room() {
        String y = "site-y-yyyyyy";
        publish("/rooms/ops/messages", message(y, 10, "y-10", "ten")); // first heard of at 10
        await().atMost(WAIT).until(() -> history("ops").contains("y-10"));
        publish("/rooms/ops/head", new RepairProtocol.Head(y, 15).toJson()); // said 11..15 since, none arrived
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/ops/repair").stream()
                .anyMatch(r -> r.path("origin").asText().equals(y) && r.path("after").asLong() == 10));
        publish("/rooms/ops/repair/" + self, new RepairProtocol.Done(y, y, 10, 15, 15, List.of(),
                List.of(new RepairLedger.Span(11, 15, 1_700_000_000_000L))).toJson());

        await().atMost(WAIT).until(() -> server.store().latest("ops", 50).messages().stream()
                .anyMatch(m -> "system".equals(m.type()) && m.text().contains(y)));
        Envelope notice = server.store().latest("ops", 50).messages().stream()
                .filter(m -> "system".equals(m.type()) && m.text().contains(y)).findFirst().orElseThrow();
        assertThat(notice.text()).isEqualTo("History from site " + y + " before 2023-11-14 22:13 UTC is not "
                + "available: that site no longer keeps it (5 messages missing here).");
        assertThat(where(y, "ops")).isEqualTo(new BridgeStatus.Origin(y, "ops", 15, 15, 0, false));
    }

    @Test
    void when_the_remote_lost_its_session_it_asks_every_origin_it_knows_for_what_came_after() {
        String z = "site-z-zzzzzz";
        publish("/rooms/news/messages", message(z, 7, "z-7", "seven"));
        await().atMost(WAIT).until(() -> where(z, "news") != null);
        try {
            server.bridge().update(false, null);
            // The remote forgets this site's session, as mosquitto without persistence does on a restart.
            var forget = MqttClient.builder().useMqttVersion5()
                    .identifier(BridgeLink.clientId(new BridgeIdentity(prefix, self)))
                    .serverHost("127.0.0.1").serverPort(remote.port()).buildAsync();
            Mqtt.join(forget.connectWith().cleanStart(true).sessionExpiryInterval(0).send());
            Mqtt.join(forget.disconnect());
        } finally {
            server.bridge().update(true, null);
        }
        await().atMost(WAIT).until(() -> seenOnRemote("/rooms/news/repair").stream()
                .anyMatch(r -> r.path("origin").asText().equals(z) && r.path("after").asLong() == 7
                        && !r.has("upto")));
        await().atMost(WAIT).until(() -> server.bridge().connected());
    }
}
