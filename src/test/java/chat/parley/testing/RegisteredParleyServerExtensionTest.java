package chat.parley.testing;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The same extension as a {@code @RegisterExtension} field, with a customised configuration. */
class RegisteredParleyServerExtensionTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(c -> c.withLimits(10, 1024));

    @Test
    void chat_messages_go_through_the_registered_server_with_its_configuration() {
        int port = parley.server().mqttPort();
        var alice = Mqtt.v5(port, "alice");
        var inbox = Mqtt.subscribe(Mqtt.v5(port, "bob"), "parley/rooms/general/messages");

        Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hi bob".getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(new String(inbox.get(0).getPayloadAsBytes(), StandardCharsets.UTF_8)).contains("\"from\":\"alice\"");

        assertThatThrownBy(() -> Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("more than ten characters".getBytes(StandardCharsets.UTF_8))
                .send())).hasMessageContaining("Mqtt5PubAckException");
    }
}
