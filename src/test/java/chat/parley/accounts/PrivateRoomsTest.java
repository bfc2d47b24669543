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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Invite-only rooms ({@code auth: open} with claimed names): only members read or write, over MQTT and REST. */
class PrivateRoomsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static String aliceSecret;
    static String aliceToken;
    static String bobSecret;
    static String bobToken;
    static String carolSecret;
    static String carolToken;

    @BeforeAll
    static void createRoom() {
        aliceSecret = claim(parley.server(), "alice");
        bobSecret = claim(parley.server(), "bob");
        carolSecret = claim(parley.server(), "carol");
        aliceToken = login(parley.server(), "alice", aliceSecret);
        bobToken = login(parley.server(), "bob", bobSecret);
        carolToken = login(parley.server(), "carol", carolSecret);
        api(parley.server()).auth().oauth2(aliceToken).body("{\"room\":\"plans\"}").post("/api/private-rooms")
                .then().statusCode(201).body("members", equalTo(List.of("alice")));
        api(parley.server()).auth().oauth2(aliceToken).body("{\"user\":\"bob\"}")
                .post("/api/private-rooms/plans/members").then().statusCode(200)
                .body("members", equalTo(List.of("alice", "bob")));
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String text) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    private static boolean received(List<Mqtt5Publish> inbox, String text) {
        return inbox.stream().anyMatch(p -> Mqtt.text(p).contains(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "parley/#", "parley/rooms/+/messages", "parley/rooms/plans/#"})
    void wildcards_bring_non_members_nothing_from_a_private_room(String filter) {
        var carol = connect(parley.server(), "carol", carolSecret);
        var dave = Mqtt.v5(parley.server().mqttPort(), "dave"); // an unclaimed name
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);
        var carolInbox = Mqtt.subscribe(carol, filter);
        var daveInbox = Mqtt.subscribe(dave, filter);
        var anonymousInbox = Mqtt.subscribe(anonymous, filter);
        var bob = connect(parley.server(), "bob", bobSecret);
        var bobInbox = Mqtt.subscribe(bob, "parley/rooms/plans/messages");
        var alice = connect(parley.server(), "alice", aliceSecret);

        publish(alice, "parley/rooms/plans/messages", "the surprise party " + filter);
        publish(alice, "parley/rooms/plans/typing", "{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received(bobInbox, "the surprise party " + filter));
        if (!filter.contains("plans")) { // control: public rooms still arrive through the same wildcard
            publish(alice, "parley/rooms/lobby/messages", "public " + filter);
            await().atMost(Duration.ofSeconds(10)).until(() -> received(carolInbox, "public " + filter)
                    && received(daveInbox, "public " + filter) && received(anonymousInbox, "public " + filter));
        }
        for (var inbox : List.of(carolInbox, daveInbox, anonymousInbox)) {
            assertThat(inbox).noneMatch(p -> p.getTopic().toString().startsWith("parley/rooms/plans/"));
        }
        carol.disconnect();
        dave.disconnect();
        anonymous.disconnect();
        bob.disconnect();
        alice.disconnect();
    }

    @Test
    void a_non_member_can_neither_subscribe_to_nor_write_into_a_private_room() {
        var carol = connect(parley.server(), "carol", carolSecret);
        var subscribe = carol.subscribeWith().topicFilter("parley/rooms/plans/messages").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> { }).send();
        assertThatThrownBy(() -> subscribe.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> carol.publishWith().topic("parley/rooms/plans/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("let me in".getBytes()).send().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5PubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        assertThat(carol.getState().isConnected()).isTrue();
        assertThat(parley.server().store().exists("plans") && parley.server().store().latest("plans", 50)
                .messages().stream().anyMatch(m -> "let me in".equals(m.text()))).isFalse();
    }

    @Test
    void rest_history_of_a_private_room_needs_a_members_session() {
        publish(connect(parley.server(), "bob", bobSecret), "parley/rooms/plans/messages", "bring cake");
        api(parley.server()).get("/api/rooms/plans/messages").then().statusCode(401);
        api(parley.server()).get("/api/rooms/plans/export").then().statusCode(401);
        api(parley.server()).auth().oauth2(carolToken).get("/api/rooms/plans/messages").then().statusCode(403);
        api(parley.server()).auth().oauth2(carolToken).queryParam("q", "cake").get("/api/search").then()
                .statusCode(200).body("results", hasSize(0));
        api(parley.server()).queryParam("rooms", "plans").get("/api/rooms").then().statusCode(200)
                .body("rooms", hasSize(0));
        api(parley.server()).auth().oauth2(aliceToken).get("/api/rooms/plans/messages").then().statusCode(200)
                .body("messages.text", org.hamcrest.Matchers.hasItem("bring cake"));
        api(parley.server()).auth().oauth2(bobToken).get("/api/session").then().statusCode(200)
                .body("privateRooms", equalTo(List.of("plans")));
    }

    @Test
    void private_rooms_cannot_take_over_a_public_room_or_admit_unclaimed_names() {
        publish(Mqtt.v5(parley.server().mqttPort(), "zoe"), "parley/rooms/kitchen/messages", "public already");
        api(parley.server()).auth().oauth2(carolToken).body("{\"room\":\"kitchen\"}").post("/api/private-rooms")
                .then().statusCode(409).body("error", equalTo("room_taken"));
        api(parley.server()).body("{\"room\":\"mine\"}").post("/api/private-rooms").then().statusCode(401);
        api(parley.server()).auth().oauth2(carolToken).body("{\"user\":\"carol\"}")
                .post("/api/private-rooms/plans/members").then().statusCode(404);
        api(parley.server()).auth().oauth2(aliceToken).body("{\"user\":\"nobody-claimed-me\"}")
                .post("/api/private-rooms/plans/members").then().statusCode(400);
    }

    @Test
    void a_member_who_left_gets_nothing_more_from_the_session_she_made_while_a_member() {
        String room = "heist";
        api(parley.server()).auth().oauth2(aliceToken).body("{\"room\":\"" + room + "\"}").post("/api/private-rooms")
                .then().statusCode(201);
        api(parley.server()).auth().oauth2(aliceToken).body("{\"user\":\"carol\"}")
                .post("/api/private-rooms/" + room + "/members").then().statusCode(200);
        String topic = "parley/rooms/" + room + "/messages";
        var carol = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("carol-laptop")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(carol.connectWith().cleanStart(false).sessionExpiryInterval(3600).simpleAuth().username("carol")
                .password(carolSecret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        Mqtt.join(carol.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send());
        Mqtt.join(carol.disconnect());
        api(parley.server()).auth().oauth2(carolToken).delete("/api/private-rooms/" + room + "/members/carol")
                .then().statusCode(204);

        var alice = connect(parley.server(), "alice", aliceSecret);
        publish(alice, topic, "the vault code is 1234"); // queued on carol's stored session
        List<Mqtt5Publish> inbox = new java.util.concurrent.CopyOnWriteArrayList<>();
        carol.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, inbox::add);
        assertThat(Mqtt.join(carol.connectWith().cleanStart(false).sessionExpiryInterval(3600).simpleAuth()
                .username("carol").password(carolSecret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .isSessionPresent()).isTrue();
        // her stored subscription is taken away (the admin's view of the connection shows it gone) …
        await().atMost(Duration.ofSeconds(10)).until(() -> !Rest.admin(parley.server()).get("/api/admin/clients")
                .asString().contains(topic));
        publish(alice, topic, "and the alarm is off");
        publish(alice, "parley/rooms/lobby/messages", "control");
        // … and neither the queued message nor a later one reaches her
        var lobby = connect(parley.server(), "carol", carolSecret);
        assertThat(inbox).noneSatisfy(p -> assertThat(Mqtt.text(p)).contains("vault"));
        assertThat(inbox).noneSatisfy(p -> assertThat(Mqtt.text(p)).contains("alarm"));
        carol.disconnect();
        alice.disconnect();
        lobby.disconnect();
    }
}
