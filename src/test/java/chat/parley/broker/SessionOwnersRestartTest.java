package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.config.BrokerPersistence;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With {@code broker-persistence: file} a stored session outlives a restart, so its owner must too: after a restart
 * nobody else may resume it (the owners table is read back from {@code broker/session-owners.json}).
 */
class SessionOwnersRestartTest {

    private static Mqtt5AsyncClient client(int port, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(port).buildAsync();
    }

    private static CompletableFuture<Mqtt5ConnAck> connectPersistent(Mqtt5AsyncClient client, String user) {
        return client.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                .simpleAuth().username(user).applySimpleAuth().send();
    }

    @Test
    void a_stored_session_still_belongs_to_its_owner_after_a_restart() {
        var config = TestServer.ephemeralConfig().toBuilder().brokerPersistence(BrokerPersistence.FILE).build();
        String dm = "parley/dm/alice/bob/messages";
        try (ParleyServer first = ParleyServer.start(config)) {
            var alice = client(first.mqttPort(), "alice-laptop");
            Mqtt.join(connectPersistent(alice, "alice"));
            Mqtt.join(alice.subscribeWith().topicFilter(dm).qos(MqttQos.AT_LEAST_ONCE).send());
            Mqtt.join(alice.disconnect());
        }
        try (ParleyServer second = ParleyServer.start(config)) {
            var bob = Mqtt.v5(second.mqttPort(), "bob");
            Mqtt.join(bob.publishWith().topic(dm).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("the keys are under the mat".getBytes(StandardCharsets.UTF_8)).send());

            List<Mqtt5Publish> stolen = new CopyOnWriteArrayList<>();
            var eve = client(second.mqttPort(), "alice-laptop");
            eve.publishes(MqttGlobalPublishFilter.ALL, stolen::add);
            assertThatThrownBy(() -> connectPersistent(eve, "eve").get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(Mqtt5ConnAckException.class)
                    .satisfies(e -> assertThat(((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
            assertThat(second.refusals().count(Refusal.SESSION_OWNED)).isEqualTo(1);

            List<Mqtt5Publish> inbox = new CopyOnWriteArrayList<>();
            var back = client(second.mqttPort(), "alice-laptop");
            back.publishes(MqttGlobalPublishFilter.ALL, inbox::add);
            assertThat(Mqtt.join(connectPersistent(back, "alice")).isSessionPresent()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
            assertThat(Mqtt.text(inbox.get(0))).contains("the keys are under the mat");
            assertThat(stolen).isEmpty();
            Mqtt.join(back.disconnect());
        }
    }
}
