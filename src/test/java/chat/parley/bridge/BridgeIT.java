package chat.parley.bridge;

import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Parley sites, A and B, each its own process (HiveMQ allows one per JVM), bridged with the same prefix through
 * a local mosquitto standing in for broker.hivemq.com. No internet.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BridgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "bridge-it-admin-token-0123456789";

    @TempDir
    Path dir;
    Mosquitto remote;
    String prefix;
    final List<ParleyProcess> sites = new ArrayList<>();
    /** What the public broker carries under the prefix. */
    final List<Mqtt5Publish> onRemote = new CopyOnWriteArrayList<>();
    Mqtt5AsyncClient spy;

    @BeforeEach
    void startRemote() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
        spy = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("spy-" + prefix)
                .serverHost("127.0.0.1").serverPort(remote.port())
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect().buildAsync();
        spy.publishes(MqttGlobalPublishFilter.ALL, onRemote::add);
        // cleanStart(false): automatic reconnects reuse this connect, and a clean start would drop what waited
        // (its client id is new, so the first connect starts a new session anyway)
        Mqtt.join(spy.connectWith().cleanStart(false).sessionExpiryInterval(3600).send());
        Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send());
    }

    @AfterEach
    void stopAll() {
        spy.disconnect();
        sites.forEach(ParleyProcess::close);
        remote.close();
    }

    private ParleyProcess site(String name) {
        var site = ParleyProcess.start(dir.resolve(name), "--name", name, "--admin-token", TOKEN,
                "--bridge-enabled", "true", "--bridge-url", remote.url(), "--bridge-remote-prefix", prefix,
                "--bridge-rooms", "general");
        sites.add(site);
        await().atMost(WAIT).until(() -> bridge(site).path("connected").asBoolean());
        return site;
    }

    /** Waits for B's history to hold {@code count} messages; on timeout says what A and B were doing. */
    private void awaitHistory(ParleyProcess a, ParleyProcess b, int count) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> history(b, "general").size() == count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("B has " + history(b, "general").size() + " of " + count
                    + " messages; on the remote " + onRemote.size() + "\nA: " + bridge(a) + "\nB: " + bridge(b) + "\nA's log:\n" + tail(a.stderr())
                    + "\nB's log:\n" + tail(b.stderr()), e);
        }
    }

    private static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }

    private static JsonNode bridge(ParleyProcess site) throws Exception {
        return JSON.readTree(RestAssured.given().port(site.httpPort()).header("Authorization", "Bearer " + TOKEN)
                .get("/api/admin/bridge").asString());
    }

    private static List<JsonNode> history(ParleyProcess site, String room) throws Exception {
        JsonNode page = JSON.readTree(RestAssured.given().port(site.httpPort())
                .get("/api/rooms/" + room + "/messages?after=0&limit=500").asString());
        var messages = new ArrayList<JsonNode>();
        page.path("messages").forEach(messages::add);
        return messages;
    }

    private long onRemoteWithId(String id) {
        return onRemote.stream().filter(p -> Mqtt.text(p).contains("\"id\":\"" + id + "\"")).count();
    }

    private static void say(Mqtt5AsyncClient client, String room, String id, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes()).send());
    }

    @Test
    void a_message_on_either_site_appears_once_on_the_other_and_nothing_loops() throws Exception {
        ParleyProcess a = site("site-a");
        ParleyProcess b = site("site-b");
        Mqtt5AsyncClient bob = Mqtt.v5(b.mqttPort(), "bob");
        var bobInbox = Mqtt.subscribe(bob, "parley/rooms/general/messages");
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        var aliceInbox = Mqtt.subscribe(alice, "parley/rooms/general/messages");

        say(alice, "general", "a-1", "hello from A");
        await().atMost(WAIT).until(() -> bobInbox.stream().anyMatch(p -> Mqtt.text(p).contains("a-1")));
        say(bob, "general", "b-1", "hello from B");
        await().atMost(WAIT).until(() -> aliceInbox.stream().anyMatch(p -> Mqtt.text(p).contains("b-1")));

        // Quiet for a while: still exactly one copy of each everywhere.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                onRemoteWithId("a-1") == 1 && onRemoteWithId("b-1") == 1
                        && bobInbox.size() == 2 && aliceInbox.size() == 2);
        JsonNode atB = JSON.readTree(Mqtt.text(bobInbox.stream().filter(p -> Mqtt.text(p).contains("a-1"))
                .findFirst().orElseThrow()));
        assertThat(atB.path("from").asText()).isEqualTo("alice");
        assertThat(atB.path("via").asText()).isEqualTo("bridge");
        assertThat(atB.path("origin").asText()).isEqualTo(bridge(a).path("origin").asText()).startsWith("site-a-");
        assertThat(history(b, "general")).extracting(m -> m.path("id").asText()).containsExactly("a-1", "b-1");
        assertThat(history(a, "general")).extracting(m -> m.path("id").asText()).containsExactly("a-1", "b-1");
        assertThat(bridge(a).path("messagesOut").asLong()).isEqualTo(1);
        assertThat(bridge(a).path("messagesIn").asLong()).isEqualTo(1);
        assertThat(bridge(b).path("messagesOut").asLong()).isEqualTo(1);
        assertThat(bridge(b).path("messagesIn").asLong()).isEqualTo(1);

        // Someone on the public broker forges and floods: B's rules refuse it.
        Mqtt5AsyncClient stranger = Mqtt.v5(remote.port(), null);
        Mqtt.join(stranger.publishWith().topic(prefix + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"big-1\",\"from\":\"mallory\",\"text\":\"" + "z".repeat(80_000) + "\"}")
                        .getBytes()).send());
        Mqtt.join(stranger.publishWith().topic(prefix + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"sys-1\",\"type\":\"system\",\"from\":\"parley\",\"text\":\"x\",\"deletes\":1}"
                        .getBytes()).send());
        await().atMost(WAIT).until(() -> bridge(b).path("refused").asLong() == 2);
        assertThat(history(b, "general")).extracting(m -> m.path("id").asText()).containsExactly("a-1", "b-1");
        stranger.disconnect();
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void five_hundred_messages_sent_while_the_remote_is_down_arrive_at_b_once_and_in_order() throws Exception {
        ParleyProcess a = site("site-a");
        ParleyProcess b = site("site-b");
        remote.stop();
        await().atMost(WAIT).until(() -> !bridge(a).path("connected").asBoolean());
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        for (int i = 0; i < 500; i++) {
            alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"q-" + i + "\",\"text\":\"queued " + i + "\"}").getBytes()).send();
        }
        await().atMost(WAIT).until(() -> bridge(a).path("queueDepth").asLong() == 500);
        alice.disconnect();

        remote.start();
        awaitHistory(a, b, 500);
        assertThat(history(b, "general")).extracting(m -> m.path("id").asText())
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "q-" + i).toList());
        assertThat(bridge(a).path("queueDepth").asLong()).isZero();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> history(b, "general").size() == 500);
    }

    @Test
    void the_queue_survives_a_restart_of_a_while_the_remote_is_down() throws Exception {
        ParleyProcess a = site("site-a");
        ParleyProcess b = site("site-b");
        remote.stop();
        await().atMost(WAIT).until(() -> !bridge(a).path("connected").asBoolean());
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        for (int i = 0; i < 200; i++) {
            alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"r-" + i + "\",\"text\":\"before restart " + i + "\"}").getBytes()).send();
        }
        await().atMost(WAIT).until(() -> bridge(a).path("queueDepth").asLong() == 200);
        alice.disconnect();
        assertThat(a.stop()).isZero();
        sites.remove(a);

        var again = ParleyProcess.start(dir.resolve("site-a"), "--name", "site-a", "--admin-token", TOKEN,
                "--bridge-enabled", "true", "--bridge-url", remote.url(), "--bridge-remote-prefix", prefix,
                "--bridge-rooms", "general");
        sites.add(again);
        assertThat(bridge(again).path("queueDepth").asLong()).isEqualTo(200);
        assertThat(bridge(again).path("connected").asBoolean()).isFalse();

        remote.start();
        awaitHistory(again, b, 200);
        assertThat(history(b, "general")).extracting(m -> m.path("id").asText())
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "r-" + i).toList());
        await().atMost(WAIT).until(() -> bridge(again).path("queueDepth").asLong() == 0);
    }

    @Test
    void the_bridge_is_turned_off_and_on_through_the_admin_api() throws Exception {
        ParleyProcess a = site("site-a");
        RestAssured.given().port(a.httpPort()).header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json").body("{\"enabled\":false}").put("/api/admin/bridge")
                .then().statusCode(200);
        assertThat(bridge(a).path("enabled").asBoolean()).isFalse();
        assertThat(bridge(a).path("connected").asBoolean()).isFalse();
        RestAssured.given().port(a.httpPort()).header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json").body("{\"enabled\":true,\"rooms\":[\"*\"]}").put("/api/admin/bridge")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> bridge(a).path("connected").asBoolean());
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        say(alice, "anything", "star-1", "every room is bridged now");
        await().atMost(WAIT).until(() -> onRemoteWithId("star-1") == 1);
        alice.disconnect();
    }
}
