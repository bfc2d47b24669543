package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Attempts to borrow someone's identity through MQTT: resuming or taking over their session by client id, speaking
 * as them through the client id, kicking them off by reusing it, and finding unlisted rooms through wildcards.
 */
class IdentityAttacksTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static Mqtt5AsyncClient client(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(parley.server().mqttPort()).buildAsync();
    }

    /** Connects with clean start off and a one-hour session; {@code user} null for an anonymous client. */
    private static CompletableFuture<Mqtt5ConnAck> connectPersistent(Mqtt5AsyncClient client, String user) {
        var connect = client.connectWith().cleanStart(false).sessionExpiryInterval(3600);
        if (user != null) {
            connect.simpleAuth().username(user).applySimpleAuth();
        }
        return connect.send();
    }

    private static Mqtt5ConnAckReasonCode refusalOf(CompletableFuture<Mqtt5ConnAck> connect) {
        try {
            connect.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(Mqtt5ConnAckException.class);
            return ((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the connection was accepted");
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String text) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    private static List<String> texts(List<Mqtt5Publish> inbox) {
        return inbox.stream().map(Mqtt::text).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eve"})
    void nobody_else_resumes_a_stored_session_and_reads_its_direct_messages(String intruder) throws Exception {
        String alice = unique("alice");
        String bob = unique("bob");
        String laptop = alice + "-laptop";
        String dm = "parley/dm/" + alice + "/" + bob + "/messages";
        var aliceClient = client(laptop);
        Mqtt.join(connectPersistent(aliceClient, alice));
        Mqtt.join(aliceClient.subscribeWith().topicFilter(dm).qos(MqttQos.AT_LEAST_ONCE).send());
        Mqtt.join(aliceClient.disconnect());
        var bobClient = Mqtt.v5(parley.server().mqttPort(), bob);
        publish(bobClient, dm, "the keys are under the mat");
        long before = parley.server().refusals().count(chat.parley.chat.Refusal.SESSION_OWNED);

        List<Mqtt5Publish> stolen = new CopyOnWriteArrayList<>();
        var thief = client(laptop);
        thief.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, stolen::add);
        assertThat(refusalOf(connectPersistent(thief, intruder.isEmpty() ? null : intruder)))
                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(parley.server().refusals().count(chat.parley.chat.Refusal.SESSION_OWNED)).isEqualTo(before + 1);

        // the owner still resumes it, with what was queued while she was away
        List<Mqtt5Publish> inbox = new CopyOnWriteArrayList<>();
        var back = client(laptop);
        back.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, inbox::add);
        assertThat(Mqtt.join(connectPersistent(back, alice)).isSessionPresent()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        assertThat(texts(inbox).get(0)).contains("the keys are under the mat");
        assertThat(stolen).isEmpty();
        back.disconnect();
        bobClient.disconnect();
    }

    @Test
    void nobody_else_takes_over_a_live_connection_to_kick_its_owner() {
        String alice = unique("alice");
        String webId = alice + "-web-abcdef";
        var aliceClient = client(webId);
        Mqtt.join(aliceClient.connectWith().simpleAuth().username(alice).applySimpleAuth().send());

        for (String intruder : new String[] {null, "eve"}) {
            var kicker = client(webId);
            var connect = kicker.connectWith();
            if (intruder != null) {
                connect.simpleAuth().username(intruder).applySimpleAuth();
            }
            assertThat(refusalOf(connect.send())).isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        }
        assertThat(aliceClient.getState().isConnected()).isTrue();
        // and alice can still post: her connection was never replaced
        publish(aliceClient, "parley/rooms/lobby/messages", "still here");
        aliceClient.disconnect();
    }

    @Test
    void the_same_user_takes_over_her_own_session_as_mqtt_intends() {
        String alice = unique("alice");
        String id = alice + "-phone";
        var first = client(id);
        Mqtt.join(connectPersistent(first, alice));
        var second = client(id);
        assertThat(Mqtt.join(connectPersistent(second, alice)).isSessionPresent()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.getState().isConnected());
        second.disconnect();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a_client_id_with_a_users_name_does_not_speak_as_that_user(boolean overWebSocket) {
        String alice = unique("alice");
        var builder = MqttClient.builder().useMqttVersion5().identifier(alice).serverHost("127.0.0.1");
        var impostor = overWebSocket
                ? builder.serverPort(parley.server().wsPort()).webSocketConfig().serverPath("mqtt")
                        .applyWebSocketConfig().buildAsync()
                : builder.serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(impostor.connect()); // no username: anonymous
        var publish = impostor.publishWith().topic("parley/rooms/imp/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hi, it's alice".getBytes(StandardCharsets.UTF_8)).send();
        assertThatThrownBy(() -> publish.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5PubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/api/rooms/imp/messages").then().statusCode(org.hamcrest.Matchers.oneOf(200, 404))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("it's alice")));
        impostor.disconnect();
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley/rooms/+/messages", "parley/#", "#", "$share/g/parley/rooms/+/messages"})
    void wildcards_across_rooms_bring_listed_rooms_only(String filter) {
        String unlisted = "k3x7q2ab7cdef"; // the clients' random id shape: 13 characters of base32
        var snoop = Mqtt.v5(parley.server().mqttPort(), null);
        var snooped = Mqtt.subscribe(snoop, filter);
        var invited = Mqtt.v5(parley.server().mqttPort(), unique("bob"));
        var invitedInbox = Mqtt.subscribe(invited, "parley/rooms/" + unlisted + "/messages");
        var alice = Mqtt.v5(parley.server().mqttPort(), unique("alice"));

        publish(alice, "parley/rooms/" + unlisted + "/messages", "our hidden plans");
        publish(alice, "parley/rooms/lobby/messages", "hello lobby"); // control: listed rooms still arrive
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(snooped).stream().anyMatch(t -> t.contains("lobby")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !invitedInbox.isEmpty());

        assertThat(texts(invitedInbox).get(0)).contains("our hidden plans");
        assertThat(texts(snooped)).noneMatch(t -> t.contains("hidden") || t.contains(unlisted));
        snoop.disconnect();
        invited.disconnect();
        alice.disconnect();
    }

    @Test
    void a_shared_subscription_obeys_the_same_read_rules() {
        var eve = Mqtt.v5(parley.server().mqttPort(), unique("eve"));
        var subscribe = eve.subscribeWith().topicFilter("$share/g/parley/dm/alice/bob/messages")
                .qos(MqttQos.AT_LEAST_ONCE).callback(p -> { }).send();
        assertThatThrownBy(() -> subscribe.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        eve.disconnect();
    }
}
