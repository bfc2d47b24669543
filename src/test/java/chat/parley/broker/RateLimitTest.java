package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.chat.Refusal;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A flooding connection is slowed down with PUBACK 0x97 while everyone else keeps chatting. */
class RateLimitTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension()
            .withConfig(config -> config.withRateLimit(new ParleyConfig.RateLimit(2, 5)));

    @Test
    void a_flood_is_refused_past_the_burst_and_other_clients_are_not_affected() {
        var flooder = Mqtt.v5(parley.server().mqttPort(), "flooder");
        var futures = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < 30; i++) {
            futures.add(flooder.publishWith().topic("parley/rooms/flood/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("spam " + i).getBytes()).send());
        }
        int refused = 0;
        for (var future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(Mqtt5PubAckException.class, ack ->
                        assertThat(ack.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED));
                refused++;
            }
        }
        assertThat(refused).as("the burst of 5 (plus what 2/s refills meanwhile) passes").isBetween(20, 25);
        assertThat(parley.server().refusals().count(Refusal.RATE_LIMITED)).isEqualTo(refused);
        assertThat(flooder.getState().isConnected()).isTrue();

        var polite = Mqtt.v5(parley.server().mqttPort(), "polite");
        for (int i = 0; i < 5; i++) {
            Mqtt.join(polite.publishWith().topic("parley/rooms/flood/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("hello " + i).getBytes()).send());
        }
    }
}
