package chat.parley.testing;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the extension relies on when a build reuses one JVM for several test classes: after a server closed, a new
 * one starts in the same JVM and works.
 */
class ServersInSequenceTest {

    @Test
    void a_new_server_starts_and_relays_in_the_same_jvm_after_the_previous_one_closed() {
        for (int round = 1; round <= 2; round++) {
            try (ParleyServer server = TestServer.start()) {
                var inbox = Mqtt.subscribe(Mqtt.v5(server.mqttPort(), "reader"), "app/ping");
                Mqtt.join(Mqtt.v5(server.mqttPort(), "writer").publishWith().topic("app/ping")
                        .qos(MqttQos.AT_LEAST_ONCE).payload(("round " + round).getBytes(StandardCharsets.UTF_8))
                        .send());
                await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
                assertThat(Mqtt.text(inbox.get(0))).isEqualTo("round " + round);
            }
        }
    }
}
