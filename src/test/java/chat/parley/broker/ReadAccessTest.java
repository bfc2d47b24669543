package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Eavesdropping attempts by real clients: nobody receives a chat message they may not read. */
class ReadAccessTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static List<String> topics(List<Mqtt5Publish> inbox) {
        return inbox.stream().map(p -> p.getTopic().toString()).toList();
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String text) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(text.getBytes()).send());
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "parley/#", "parley/dm/#", "parley/dm/+/+/messages", "parley/dm/alice/+/messages"})
    void wildcards_bring_an_eavesdropper_no_direct_messages(String filter) {
        var eve = Mqtt.v5(parley.server().mqttPort(), "eve");
        var eveInbox = Mqtt.subscribe(eve, filter);
        var bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        var bobInbox = Mqtt.subscribe(bob, "parley/dm/alice/bob/messages");
        var alice = Mqtt.v5(parley.server().mqttPort(), "alice");

        publish(alice, "parley/dm/alice/bob/messages", "the secret plan");
        publish(alice, "parley/dm/alice/eve/messages", "hi eve"); // control: eve's own DM does arrive
        await().atMost(Duration.ofSeconds(10)).until(() -> topics(eveInbox).contains("parley/dm/alice/eve/messages"));

        assertThat(topics(bobInbox)).containsExactly("parley/dm/alice/bob/messages");
        assertThat(eveInbox).noneSatisfy(p -> assertThat(Mqtt.text(p)).contains("the secret plan"));
        eve.disconnect();
        bob.disconnect();
        alice.disconnect();
    }

    @Test
    void subscribing_to_another_pairs_dm_topic_is_refused_with_0x87() {
        var eve = Mqtt.v5(parley.server().mqttPort(), "eve");
        var subscribe = eve.subscribeWith().topicFilter("parley/dm/alice/bob/messages").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> { }).send();
        assertThatThrownBy(() -> subscribe.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        assertThat(eve.getState().isConnected()).isTrue();
    }

    @Test
    void anonymous_clients_see_rooms_but_not_presence() {
        var bob = Mqtt.v5(parley.server().mqttPort(), "bob"); // bob online: retained presence exists
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);
        var inbox = Mqtt.subscribe(anonymous, "parley/#");
        var explicit = anonymous.subscribeWith().topicFilter("parley/presence/bob").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> { }).send();
        assertThatThrownBy(() -> explicit.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Mqtt5SubAckException.class);

        publish(bob, "parley/rooms/lobby/messages", "anyone there?");
        await().atMost(Duration.ofSeconds(10)).until(() -> topics(inbox).contains("parley/rooms/lobby/messages"));
        assertThat(topics(inbox)).noneMatch(t -> t.startsWith("parley/presence/"));

        var signedIn = Mqtt.v5(parley.server().mqttPort(), "carol");
        var carolInbox = Mqtt.subscribe(signedIn, "parley/presence/bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> carolInbox.size() == 1);
    }
}
