package chat.parley.testing;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample for users: an app's test that needs an MQTT broker gets Parley injected, one server for the class.
 * Outside {@code parley/} it is a plain broker, so it stands in for {@code broker.hivemq.com}.
 */
@ExtendWith(ParleyServerExtension.class)
class ParleyServerExtensionTest {

    private static ParleyServer sharedServer;

    @BeforeAll
    static void remember(ParleyServer server) {
        sharedServer = server;
    }

    @Test
    void an_app_publishes_and_receives_through_the_injected_server(ParleyServer parley) {
        var sensor = Mqtt.v5(parley.mqttPort(), "sensor");
        var dashboard = Mqtt.v5(parley.mqttPort(), "dashboard");
        var inbox = Mqtt.subscribe(dashboard, "lab/+/temperature");

        Mqtt.join(sensor.publishWith().topic("lab/bench-1/temperature").qos(MqttQos.AT_LEAST_ONCE)
                .payload("21.5".getBytes(StandardCharsets.UTF_8)).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(new String(inbox.get(0).getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
    }

    @Test
    void every_test_of_the_class_gets_the_same_server_on_loopback(ParleyServer parley) {
        assertThat(parley).isSameAs(sharedServer);
        assertThat(parley.config().bind()).isEqualTo("127.0.0.1");
        assertThat(parley.config().discovery()).isFalse();
        assertThat(parley.httpPort()).isPositive();
    }
}
