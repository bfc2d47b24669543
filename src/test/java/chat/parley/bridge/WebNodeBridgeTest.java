package chat.parley.bridge;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.config.BridgeConfig;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.config.WebNodeSettings;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge on a web node: a Parley whose embedded broker trusts nodes (bridge off; the only HiveMQ in this JVM) and
 * a web node beside it on one PostgreSQL database, whose bridge goes to a local mosquitto where plain MQTT clients
 * play the other sites. What browsers publish to the broker is stored by the broker's side, so the node's bridge
 * follows the shared history ({@link HistoryFollower}) to send it.
 */
class WebNodeBridgeTest {

    private static final String SECRET = "a-node-secret-of-32-characters!!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Mosquitto remote;
    private String prefix;
    private final List<Mqtt5Publish> onRemote = new CopyOnWriteArrayList<>();
    private Mqtt5AsyncClient spy;
    private ParleyServer broker;
    private ParleyConfig nodeConfig;
    private ParleyServer node;
    private String self;

    @BeforeEach
    void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "node-" + UUID.randomUUID().toString().substring(0, 8);
        spy = MqttClient.builder().useMqttVersion5().identifier("spy-" + prefix).serverHost("127.0.0.1")
                .serverPort(remote.port()).buildAsync();
        spy.publishes(MqttGlobalPublishFilter.ALL, onRemote::add);
        Mqtt.join(spy.connectWith().send());
        Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send());

        StoreSettings shared = PostgresServer.shared().newStore("nodebridge");
        broker = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("broker")).withStore(shared)
                .withWebNode(WebNodeSettings.of("", "", SECRET)));
        nodeConfig = ParleyConfig.ephemeral(dir.resolve("node")).withStore(shared)
                .withWebNode(WebNodeSettings.of("mqtt://127.0.0.1:" + broker.mqttPort(),
                        "ws://127.0.0.1:" + broker.wsPort() + "/mqtt", SECRET))
                .withBridge(BridgeConfig.off().withEnabled(true).withUrl(remote.url()).withRemotePrefix(prefix)
                        .withRooms(List.of("general")));
        node = ParleyServer.start(nodeConfig);
        await().atMost(WAIT).until(() -> node.bridge().connected());
        self = node.bridge().origin();
    }

    @AfterEach
    void stop() {
        if (spy != null) {
            spy.disconnect();
        }
        for (ParleyServer server : new ParleyServer[] {node, broker}) {
            if (server != null) {
                server.close();
            }
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void what_is_published_to_the_broker_or_posted_on_the_node_goes_out_once_numbered_in_order() throws Exception {
        var carol = Mqtt.v5(broker.mqttPort(), "carol");
        say(carol, "general", "w-1", "published to the broker");
        post("general", "posted on the node");
        say(carol, "random", "w-2", "not a bridged room");
        say(carol, "general", "w-3", "published again");

        await().atMost(WAIT).until(() -> ownOnRemote("general").size() >= 3);
        List<JsonNode> sent = sentBeforeMarker(carol);
        assertThat(sent).extracting(m -> m.path("text").asText())
                .containsExactly("published to the broker", "posted on the node", "published again");
        assertThat(sent).extracting(m -> m.path("oseq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(sent).extracting(m -> m.path("from").asText()).containsExactly("carol", "alice", "carol");
        assertThat(sent).allSatisfy(m -> {
            assertThat(m.has("seq")).as("the receiving site numbers its rooms itself").isFalse();
            assertThat(m.has("state")).isFalse();
        });
        assertThat(onRemote).noneMatch(p -> p.getTopic().toString().contains("/rooms/random/"));
    }

    @Test
    void a_message_of_another_site_is_stored_delivered_by_the_broker_and_not_sent_back() throws Exception {
        var reader = Mqtt.subscribe(Mqtt.v5(broker.mqttPort(), "bob"), "parley/rooms/general/messages");
        var siteB = Mqtt.v5(remote.port(), null);
        Mqtt.join(siteB.publishWith().topic(prefix + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"b-1\",\"from\":\"xena\",\"origin\":\"site-b\",\"oseq\":1,"
                        + "\"text\":\"from site b\"}").getBytes(StandardCharsets.UTF_8)).send());

        await().atMost(WAIT).until(() -> reader.stream().anyMatch(p -> Mqtt.text(p).contains("from site b")));
        JsonNode delivered = JSON.readTree(reader.stream().map(Mqtt::text).filter(t -> t.contains("from site b"))
                .findFirst().orElseThrow());
        assertThat(delivered.path("via").asText()).isEqualTo("bridge");
        assertThat(delivered.path("origin").asText()).isEqualTo("site-b");
        assertThat(delivered.path("seq").asLong()).as("stored before it was delivered").isPositive();
        assertThat(broker.store().latest("general", 10).messages()).extracting(e -> e.text())
                .containsExactly("from site b");
        siteB.disconnect();

        assertThat(sentBeforeMarker(Mqtt.v5(broker.mqttPort(), "carol")))
                .as("what came through the bridge does not go out again").isEmpty();
    }

    @Test
    void what_was_said_while_the_node_was_down_goes_out_once_in_order_when_it_is_back() throws Exception {
        var carol = Mqtt.v5(broker.mqttPort(), "carol");
        say(carol, "general", "d-1", "before");
        await().atMost(WAIT).until(() -> ownOnRemote("general").size() == 1);

        node.close();
        node = null;
        say(carol, "general", "d-2", "while the node was down");
        say(carol, "general", "d-3", "still down");
        node = ParleyServer.start(nodeConfig); // the same data dir: the same origin, outbox and ledger
        assertThat(node.bridge().origin()).isEqualTo(self);
        say(carol, "general", "d-4", "after");

        await().atMost(WAIT).until(() -> ownOnRemote("general").size() >= 4);
        List<JsonNode> sent = sentBeforeMarker(carol);
        assertThat(sent).extracting(m -> m.path("text").asText())
                .containsExactly("before", "while the node was down", "still down", "after");
        assertThat(sent).extracting(m -> m.path("oseq").asLong()).containsExactly(1L, 2L, 3L, 4L);
    }

    /**
     * Says one more message in #general and waits until it is on the remote: the bridge sends in order, so anything
     * it would send of what was said before (twice, by mistake) is out by then. Returns what went out before it.
     */
    private List<JsonNode> sentBeforeMarker(Mqtt5AsyncClient client) {
        say(client, "general", "marker", "the last one");
        await().atMost(WAIT).until(() -> ownOnRemote("general").stream()
                .anyMatch(m -> m.path("text").asText().equals("the last one")));
        List<JsonNode> sent = ownOnRemote("general");
        assertThat(sent.get(sent.size() - 1).path("text").asText()).as("nothing after it").isEqualTo("the last one");
        return sent.subList(0, sent.size() - 1);
    }

    private static void say(Mqtt5AsyncClient client, String room, String id, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8))
                .send());
    }

    private void post(String room, String text) {
        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body(text).post("/api/rooms/" + room + "/messages").then()
                .statusCode(201);
    }

    /** This site's messages of a room on the remote, in the order the remote carried them. */
    private List<JsonNode> ownOnRemote(String room) {
        return onRemote.stream().filter(p -> p.getTopic().toString().equals(prefix + "/rooms/" + room + "/messages"))
                .map(p -> read(Mqtt.text(p))).filter(m -> m.path("origin").asText().equals(self)).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
