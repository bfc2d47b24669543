package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.config.ClientLimits;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code max-connections-per-ip}: one address opening too many connections gets CONNACK 0x97; others are fine. */
class ConnectionLimitTest {

    private static final int LIMIT = 3;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(c -> c.withClientLimits(new ClientLimits(LIMIT, 1000, 0)));

    @Test
    void one_connection_too_many_from_an_address_is_refused_with_quota_exceeded_until_one_closes() {
        int port = parley.server().mqttPort();
        long refusedBefore = parley.server().refusals().count(Refusal.CONNECTION_LIMIT);
        var open = new ArrayList<Mqtt5AsyncClient>();
        for (int i = 0; i < LIMIT; i++) {
            open.add(Mqtt.v5(port, "user" + i));
        }

        Mqtt5AsyncClient extra = client(port);
        assertThatThrownBy(() -> extra.connect().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED);
                    assertThat(e.getMqttMessage().getReasonString().map(Object::toString))
                            .hasValueSatisfying(s -> assertThat(s).contains("max-connections-per-ip"));
                });
        assertThat(parley.server().refusals().count(Refusal.CONNECTION_LIMIT)).isEqualTo(refusedBefore + 1);
        assertThat(open).allSatisfy(c -> assertThat(c.getState().isConnected()).isTrue());

        // an MQTT 3.1.1 client is refused too
        var v3 = MqttClient.builder().useMqttVersion3().identifier("v3-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(port).buildAsync();
        assertThatThrownBy(() -> v3.connect().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(Mqtt3ConnAckException.class);

        // closing one frees its slot
        Mqtt.join(open.remove(0).disconnect());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Mqtt5AsyncClient again = client(port);
            again.connect().get(10, TimeUnit.SECONDS);
            open.add(again);
        });
        open.forEach(c -> Mqtt.join(c.disconnect()));
    }

    @Test
    void refused_connections_do_not_use_up_slots() {
        int port = parley.server().mqttPort();
        for (int round = 0; round < 3; round++) {
            var open = new ArrayList<Mqtt5AsyncClient>();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Mqtt5AsyncClient c = client(port);
                c.connect().get(10, TimeUnit.SECONDS);
                open.add(c);
                assertThat(open).hasSize(LIMIT);
            });
            Mqtt5AsyncClient extra = client(port);
            assertThatThrownBy(() -> extra.connect().get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(Mqtt5ConnAckException.class);
            open.forEach(c -> Mqtt.join(c.disconnect()));
        }
    }

    private static Mqtt5AsyncClient client(int port) {
        return MqttClient.builder().useMqttVersion5().identifier("lim-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
    }
}
