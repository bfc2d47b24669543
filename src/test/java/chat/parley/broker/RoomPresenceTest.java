package chat.parley.broker;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Presence per room: a client learns who is in the rooms it has open, and nobody else; a private room's members stay
 * hidden from non-members; a storm of connects is coalesced into a few digests.
 */
class RoomPresenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    /** Who a client believes is in a room: the last full list with every later digest applied, as the clients do. */
    private static Set<String> present(List<Mqtt5Publish> inbox) {
        var users = new TreeSet<String>();
        long version = -1;
        for (Mqtt5Publish publish : inbox) {
            JsonNode digest = json(publish);
            if (digest.path("full").asBoolean()) {
                users.clear();
                version = digest.get("v").asLong();
            } else if (version < 0 || digest.get("v").asLong() <= version) {
                continue;
            }
            digest.get("online").forEach(u -> users.add(u.asText()));
            digest.get("offline").forEach(u -> users.remove(u.asText()));
        }
        return users;
    }

    private static JsonNode json(Mqtt5Publish publish) {
        try {
            return JSON.readTree(Mqtt.text(publish));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Mqtt5Publish> enter(Mqtt5AsyncClient client, String room) {
        return Mqtt.subscribe(client, "parley/rooms/" + room + "/presence");
    }

    @Test
    void a_client_sees_who_is_in_its_rooms_and_nobody_else() {
        var alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        var aliceSees = enter(alice, "garden");
        var bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        enter(bob, "garden");
        var carol = Mqtt.v5(parley.server().mqttPort(), "carol");
        var carolSees = enter(carol, "kitchen");
        var dave = Mqtt.v5(parley.server().mqttPort(), "dave");
        var daveSees = enter(dave, "kitchen");

        await().atMost(WAIT).until(() -> present(aliceSees).equals(Set.of("alice", "bob")));
        await().atMost(WAIT).until(() -> present(daveSees).equals(Set.of("carol", "dave")));
        assertThat(aliceSees).allSatisfy(p -> assertThat(p.getTopic().toString())
                .isEqualTo("parley/rooms/garden/presence"));
        assertThat(present(carolSees)).doesNotContain("alice", "bob");

        Mqtt.join(bob.disconnect());
        await().atMost(WAIT).until(() -> present(aliceSees).equals(Set.of("alice")));
        Mqtt.join(dave.disconnect());
        await().atMost(WAIT).until(() -> present(carolSees).equals(Set.of("carol")));
        assertThat(present(aliceSees)).containsExactly("alice");
        alice.disconnect();
        carol.disconnect();
    }

    @Test
    void only_the_server_publishes_room_presence() {
        var mallory = Mqtt.v5(parley.server().mqttPort(), "mallory");
        Throwable refused = catchThrowable(() -> mallory.publishWith().topic("parley/rooms/garden/presence")
                .qos(MqttQos.AT_LEAST_ONCE).payload("{\"online\":[\"ghost\"]}".getBytes(StandardCharsets.UTF_8))
                .send().join());
        assertThat(refused).hasRootCauseInstanceOf(Mqtt5PubAckException.class);
        mallory.disconnect();
    }

    @Test
    void a_private_rooms_members_are_not_visible_to_a_non_member() {
        var owner = ApiSessions.claim(parley.server().httpPort(), "owner");
        var member = ApiSessions.claim(parley.server().httpPort(), "member");
        var outsider = ApiSessions.claim(parley.server().httpPort(), "outsider");
        var api = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType("application/json");
        api.auth().oauth2(owner.token()).body("{\"room\":\"secret-plans\"}").post("/api/private-rooms")
                .then().statusCode(201);
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType("application/json").auth().oauth2(owner.token()).body("{\"user\":\"member\"}")
                .post("/api/private-rooms/secret-plans/members").then().statusCode(200);

        var outsiderClient = connect("outsider", outsider.secret());
        var outsiderInbox = Mqtt.subscribe(outsiderClient, "parley/rooms/+/presence");
        Throwable named = catchThrowable(() -> enter(outsiderClient, "secret-plans"));
        assertThat(named).hasRootCauseInstanceOf(Mqtt5SubAckException.class);

        var ownerClient = connect("owner", owner.secret());
        var ownerSees = enter(ownerClient, "secret-plans");
        var memberClient = connect("member", member.secret());
        enter(memberClient, "secret-plans");
        await().atMost(WAIT).until(() -> present(ownerSees).equals(Set.of("member", "owner")));
        // a later change in a listed room reaches the outsider's wildcard: by then the private room's would have too
        var marker = Mqtt.v5(parley.server().mqttPort(), "marker");
        enter(marker, "lobby");
        await().atMost(WAIT).until(() -> outsiderInbox.stream()
                .anyMatch(p -> p.getTopic().toString().equals("parley/rooms/lobby/presence")));
        assertThat(outsiderInbox).noneMatch(p -> p.getTopic().toString().contains("secret-plans"));
        assertThat(outsiderInbox).noneMatch(p -> Mqtt.text(p).contains("owner"));
        List.of(outsiderClient, ownerClient, memberClient, marker).forEach(Mqtt5AsyncClient::disconnect);
    }

    @Test
    void a_storm_of_connects_is_coalesced_into_a_bounded_number_of_digests() {
        var watcher = Mqtt.v5(parley.server().mqttPort(), "watcher");
        var seen = enter(watcher, "storm");
        await().atMost(WAIT).until(() -> present(seen).equals(Set.of("watcher")));
        int before = seen.size();

        int n = 40; // under max-connections-per-ip with the other tests' clients
        long start = System.nanoTime();
        var clients = new ArrayList<Mqtt5AsyncClient>();
        var expected = new TreeSet<String>(Set.of("watcher"));
        for (int i = 0; i < n; i++) {
            clients.add(Mqtt.v5(parley.server().mqttPort(), "storm" + i));
            enter(clients.get(i), "storm");
            expected.add("storm" + i);
        }
        await().atMost(WAIT).until(() -> present(seen).equals(expected));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        int digests = seen.size() - before;
        long bound = millis / RoomPresence.DIGEST_MILLIS + 2;
        assertThat(digests).as("%d connects in %d ms: at most one digest per %d ms", n, millis,
                RoomPresence.DIGEST_MILLIS).isLessThanOrEqualTo((int) bound).isLessThan(n);
        clients.forEach(Mqtt5AsyncClient::disconnect);
        watcher.disconnect();
    }

    @Test
    void a_large_rooms_digests_come_further_apart_so_they_cost_at_most_the_budget_a_second() {
        assertThat(RoomPresence.digestMillis(1)).isEqualTo(RoomPresence.DIGEST_MILLIS);
        assertThat(RoomPresence.digestMillis(1_000)).isEqualTo(RoomPresence.DIGEST_MILLIS);
        assertThat(RoomPresence.digestMillis(4_000)).isEqualTo(2_000);
        assertThat(RoomPresence.digestMillis(10_000)).isEqualTo(5_000);
        assertThat(RoomPresence.digestMillis(1_000_000)).isEqualTo(RoomPresence.MAX_DIGEST_MILLIS);
        for (int people : new int[] {10, 1_000, 3_000, 20_000}) {
            long deliveriesPerSecond = people * 1000L / RoomPresence.digestMillis(people);
            assertThat(deliveriesPerSecond).as("%d people", people)
                    .isLessThanOrEqualTo(RoomPresence.DIGEST_DELIVERIES_PER_SECOND);
        }
    }

    private static Mqtt5AsyncClient connect(String user, String password) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send());
        return client;
    }
}
