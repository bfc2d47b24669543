package chat.parley.accounts;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chat.parley.accounts.Rest.api;
import static chat.parley.accounts.Rest.claim;
import static chat.parley.accounts.Rest.connect;
import static chat.parley.accounts.Rest.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A private room's members learn of changes at once, on the topic only each of them reads
 * ({@code parley/users/{user}/events}); a member who is removed gets nothing more of the room, even on a connection
 * that subscribed while she was a member.
 */
class MembershipEventsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static String aliceSecret;
    static String aliceToken;
    static String bobSecret;
    static String bobToken;
    static String carolSecret;
    static String carolToken;

    @BeforeAll
    static void people() {
        aliceSecret = claim(parley.server(), "alice");
        bobSecret = claim(parley.server(), "bob");
        carolSecret = claim(parley.server(), "carol");
        aliceToken = login(parley.server(), "alice", aliceSecret);
        bobToken = login(parley.server(), "bob", bobSecret);
        carolToken = login(parley.server(), "carol", carolSecret);
    }

    private static void create(String room) {
        api(parley.server()).auth().oauth2(aliceToken).body("{\"room\":\"" + room + "\"}").post("/api/private-rooms")
                .then().statusCode(201);
    }

    private static void invite(String room, String user) {
        api(parley.server()).auth().oauth2(aliceToken).body("{\"user\":\"" + user + "\"}")
                .post("/api/private-rooms/" + room + "/members").then().statusCode(200);
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String text) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    private static boolean has(List<Mqtt5Publish> inbox, String... parts) {
        return inbox.stream().map(Mqtt::text).anyMatch(t -> List.of(parts).stream().allMatch(t::contains));
    }

    @Test
    void an_online_invitee_is_told_at_once_and_the_other_members_see_the_new_member_list() {
        var bob = connect(parley.server(), "bob", bobSecret);
        var alice = connect(parley.server(), "alice", aliceSecret);
        var bobEvents = Mqtt.subscribe(bob, "parley/users/bob/events");
        var aliceEvents = Mqtt.subscribe(alice, "parley/users/alice/events");
        create("launch");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(aliceEvents, "\"room\":\"launch\"",
                "\"change\":\"created\""));
        invite("launch", "bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(bobEvents, "\"type\":\"membership\"",
                "\"room\":\"launch\"", "\"user\":\"bob\"", "\"change\":\"invited\"", "\"by\":\"alice\"",
                "\"members\":[\"alice\",\"bob\"]"));
        await().atMost(Duration.ofSeconds(10)).until(() -> has(aliceEvents, "\"change\":\"invited\"",
                "\"members\":[\"alice\",\"bob\"]"));
        // told at once, she may subscribe at once
        var bobRoom = Mqtt.subscribe(bob, "parley/rooms/launch/messages");
        publish(alice, "parley/rooms/launch/messages", "welcome bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(bobRoom, "welcome bob"));
        bob.disconnect();
        alice.disconnect();
    }

    @Test
    void only_its_user_reads_a_users_events_and_nobody_publishes_there() {
        var carol = connect(parley.server(), "carol", carolSecret);
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);
        var subscribe = carol.subscribeWith().topicFilter("parley/users/bob/events").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> { }).send();
        assertThatThrownBy(() -> subscribe.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        var carolWildcard = Mqtt.subscribe(carol, "parley/users/+/events");
        var carolEverything = Mqtt.subscribe(carol, "#");
        var anonymousEverything = Mqtt.subscribe(anonymous, "#");
        var bob = connect(parley.server(), "bob", bobSecret);
        var bobEvents = Mqtt.subscribe(bob, "parley/users/+/events");

        create("secret-" + System.nanoTime());
        String room = "surprise";
        create(room);
        invite(room, "bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(bobEvents, "\"room\":\"" + room + "\""));
        assertThat(bobEvents).allMatch(p -> p.getTopic().toString().equals("parley/users/bob/events"));
        for (var inbox : List.of(carolWildcard, carolEverything, anonymousEverything)) {
            assertThat(inbox).noneMatch(p -> p.getTopic().toString().startsWith("parley/users/"));
        }

        assertThatThrownBy(() -> carol.publishWith().topic("parley/users/bob/events").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"type\":\"membership\",\"room\":\"trap\",\"change\":\"invited\"}".getBytes())
                .send().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5PubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        assertThat(bobEvents).noneMatch(p -> Mqtt.text(p).contains("trap"));
        carol.disconnect();
        anonymous.disconnect();
        bob.disconnect();
    }

    @Test
    void a_removed_member_is_told_and_her_open_connection_gets_nothing_more_of_the_room() {
        String room = "heist-plans";
        create(room);
        invite(room, "carol");
        String topic = "parley/rooms/" + room + "/messages";
        var carol = connect(parley.server(), "carol", carolSecret);
        var carolRoom = Mqtt.subscribe(carol, topic); // literal: granted while she is a member
        var carolEvents = Mqtt.subscribe(carol, "parley/users/carol/events");
        var alice = connect(parley.server(), "alice", aliceSecret);
        publish(alice, topic, "before: the meeting is at noon");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(carolRoom, "before: the meeting"));

        // only the owner removes others
        api(parley.server()).auth().oauth2(carolToken).delete("/api/private-rooms/" + room + "/members/alice")
                .then().statusCode(403).body("message", containsString("alice"));
        api(parley.server()).auth().oauth2(aliceToken).delete("/api/private-rooms/" + room + "/members/carol")
                .then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> has(carolEvents, "\"room\":\"" + room + "\"",
                "\"change\":\"removed\"", "\"by\":\"alice\""));
        assertThat(carolEvents.stream().map(Mqtt::text).filter(t -> t.contains("removed")))
                .noneMatch(t -> t.contains("\"members\"")); // who is left is none of her business now

        publish(alice, topic, "after: the vault code is 1234");
        publish(alice, "parley/rooms/lobby/messages", "control");
        var lobby = Mqtt.subscribe(carol, "parley/rooms/lobby/messages");
        publish(alice, "parley/rooms/lobby/messages", "control two");
        await().atMost(Duration.ofSeconds(10)).until(() -> has(lobby, "control two"));
        assertThat(carolRoom).noneMatch(p -> Mqtt.text(p).contains("vault"));
        api(parley.server()).auth().oauth2(carolToken).get("/api/rooms/" + room + "/messages").then().statusCode(403);
        carol.disconnect();
        alice.disconnect();
    }
}
