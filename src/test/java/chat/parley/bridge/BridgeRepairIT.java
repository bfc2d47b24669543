package chat.parley.bridge;

import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gap repair between two Parley processes, A and B, bridged through a local mosquitto that keeps nothing: the remote
 * forgets B's session while B is away, or loses publishes on the way (a {@link LossyRelay} between B and mosquitto),
 * and the sites repair the gaps themselves. No internet. The times measured are printed (a loaded machine is slower).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BridgeRepairIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "bridge-repair-it-admin-token-0123";

    @TempDir
    Path dir;
    Mosquitto remote;
    String prefix;
    final List<ParleyProcess> sites = new ArrayList<>();
    LossyRelay relay;

    @BeforeEach
    void startRemote() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "repair-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopAll() {
        sites.forEach(ParleyProcess::close);
        if (relay != null) {
            relay.close();
        }
        remote.close();
    }

    private ParleyProcess site(String name, String url) {
        var site = ParleyProcess.start(dir.resolve(name), "--name", name, "--admin-token", TOKEN,
                "--bridge-enabled", "true", "--bridge-url", url, "--bridge-remote-prefix", prefix,
                "--bridge-rooms", "general");
        sites.add(site);
        await().atMost(WAIT).until(() -> bridge(site).path("connected").asBoolean());
        return site;
    }

    private static JsonNode bridge(ParleyProcess site) throws Exception {
        return JSON.readTree(RestAssured.given().port(site.httpPort()).header("Authorization", "Bearer " + TOKEN)
                .get("/api/admin/bridge").asString());
    }

    /** The ids of the room's whole history, in the site's order (paged: at most 500 a page). */
    private static List<String> history(ParleyProcess site) throws Exception {
        var ids = new ArrayList<String>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(RestAssured.given().port(site.httpPort())
                    .get("/api/rooms/general/messages?after=" + after + "&limit=500").asString());
            JsonNode messages = page.path("messages");
            if (messages.isEmpty()) {
                return ids;
            }
            for (JsonNode m : messages) {
                ids.add(m.path("id").asText());
                after = m.path("seq").asLong();
            }
        }
    }

    private static void say(Mqtt5AsyncClient client, String id) {
        Mqtt.join(client.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"" + id + "\",\"text\":\"" + id + "\"}").getBytes()).send());
    }

    /** Says {@code ids} without waiting for each acknowledgement in turn; returns when all were acknowledged. */
    private static void sayAll(Mqtt5AsyncClient client, List<String> ids) {
        Mqtt.join(CompletableFuture.allOf(ids.stream().map(id -> client.publishWith()
                .topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"" + id + "\",\"text\":\"" + id + "\"}").getBytes()).send())
                .toArray(CompletableFuture[]::new)));
    }

    /** A and B know each other in the room (each site's history of the other starts at its first message). */
    private void meet(ParleyProcess a, ParleyProcess b) throws Exception {
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        say(alice, "hello-from-a");
        alice.disconnect();
        await().atMost(WAIT).until(() -> history(b).contains("hello-from-a"));
    }

    /**
     * The scenario: B stopped, the remote restarted without persistence, A says {@code count} messages (its
     * outbox empties: the remote acknowledged them and keeps them for nobody), B starts again: it must end with all
     * of them once, in order, within a minute. Returns how long B took from its start.
     */
    private Duration awayWhileTheRemoteForgets(int count) throws Exception {
        ParleyProcess a = site("site-a", remote.url());
        ParleyProcess b = site("site-b", remote.url());
        meet(a, b);
        assertThat(b.stop()).isZero();
        sites.remove(b);
        remote.restartForgetting();
        await().atMost(WAIT).until(() -> bridge(a).path("connected").asBoolean());

        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        List<String> said = IntStream.range(0, count).mapToObj(i -> "away-" + i).toList();
        for (int i = 0; i < count; i += 100) {
            sayAll(alice, said.subList(i, Math.min(count, i + 100)));
        }
        alice.disconnect();
        await().atMost(WAIT).until(() -> bridge(a).path("queueDepth").asLong() == 0
                && bridge(a).path("messagesOut").asLong() >= count + 1);

        long started = System.nanoTime();
        ParleyProcess back = site("site-b", remote.url());
        long connected = System.nanoTime();
        List<String> expected = Stream.concat(Stream.of("hello-from-a"), said.stream()).toList();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> history(back).size() >= count + 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("B has " + history(back).size() + " of " + (count + 1) + "\nA: " + bridge(a)
                    + "\nB: " + bridge(back) + "\nB's log:\n" + tail(back.stderr()), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("repair: B started and connected in " + (connected - started) / 1_000_000 + " ms, then had "
                + "the " + count + " messages " + (System.nanoTime() - connected) / 1_000_000 + " ms later");
        assertThat(history(back)).as("all once, in order").containsExactlyElementsOf(expected);
        JsonNode status = bridge(back);
        assertThat(status.path("recovered").asLong()).isEqualTo(count);
        JsonNode origin = status.path("origins").get(0);
        assertThat(origin.path("origin").asText()).isEqualTo(bridge(a).path("origin").asText());
        assertThat(origin.path("held").asLong()).isEqualTo(count + 1);
        assertThat(origin.path("missing").asLong()).isZero();
        assertThat(bridge(a).path("repairsAnswered").asLong()).isGreaterThanOrEqualTo((count + 99) / 100);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> history(back).size() == count + 1);
        return took;
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    @Test
    void thirty_messages_said_while_b_was_away_and_the_remote_forgot_reach_b_once_in_order() throws Exception {
        Duration took = awayWhileTheRemoteForgets(30);
        System.out.println("repair: B had the 30 messages " + took.toMillis() + " ms after its start");
        assertThat(took).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void a_thousand_messages_said_while_b_was_away_reach_b_once_in_order() throws Exception {
        Duration took = awayWhileTheRemoteForgets(1_000);
        System.out.println("repair: B had the 1000 messages " + took.toMillis() + " ms after its start");
        assertThat(took).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void with_a_remote_that_loses_five_percent_of_publishes_every_site_ends_with_every_message_once()
            throws Exception {
        relay = LossyRelay.start(remote.port(), 24);
        ParleyProcess a = site("site-a", remote.url());
        ParleyProcess b = site("site-b", relay.url());
        meet(a, b);
        Mqtt5AsyncClient bob = Mqtt.v5(b.mqttPort(), "bob");
        say(bob, "hello-from-b");
        await().atMost(WAIT).until(() -> history(a).contains("hello-from-b"));

        relay.dropRate(0.05);
        long started = System.nanoTime();
        Mqtt5AsyncClient alice = Mqtt.v5(a.mqttPort(), "alice");
        List<String> fromA = IntStream.range(0, 300).mapToObj(i -> "a-" + i).toList();
        List<String> fromB = IntStream.range(0, 300).mapToObj(i -> "b-" + i).toList();
        for (int i = 0; i < 300; i += 20) { // both sites talk at once
            CompletableFuture<Void> sideA = CompletableFuture.runAsync(sayAllLater(alice, fromA, i));
            sayAll(bob, fromB.subList(i, i + 20));
            sideA.join();
        }
        alice.disconnect();
        bob.disconnect();

        var everything = new HashSet<String>(fromA);
        everything.addAll(fromB);
        everything.add("hello-from-a");
        everything.add("hello-from-b");
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> history(a).size() >= everything.size() && history(b).size() >= everything.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("A has " + history(a).size() + ", B " + history(b).size() + " of "
                    + everything.size() + "; relay passed " + relay.passed() + ", dropped " + relay.dropped()
                    + "\nA: " + bridge(a) + "\nB: " + bridge(b), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("repair: with 5 % loss, both sites had all " + everything.size() + " messages "
                + took.toMillis() + " ms after the first was said; the relay dropped " + relay.dropped() + " of "
                + (relay.passed() + relay.dropped()) + " publishes; recovered at A " + bridge(a).path("recovered")
                + ", at B " + bridge(b).path("recovered"));
        for (ParleyProcess site : List.of(a, b)) {
            List<String> ids = history(site);
            assertThat(ids).as("every message once").doesNotHaveDuplicates().hasSameElementsAs(everything);
        }
        assertThat(relay.dropped()).as("the relay really lost some").isPositive();
        assertThat(bridge(a).path("recovered").asLong() + bridge(b).path("recovered").asLong()).isPositive();
    }

    private static Runnable sayAllLater(Mqtt5AsyncClient client, List<String> ids, int from) {
        return () -> sayAll(client, ids.subList(from, from + 20));
    }
}
