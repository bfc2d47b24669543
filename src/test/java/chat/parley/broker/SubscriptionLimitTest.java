package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.config.ClientLimits;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code max-subscriptions}: a connection holding too many topic filters gets SUBACK 0x97 and stays connected. */
class SubscriptionLimitTest {

    private static final int LIMIT = 3;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(c -> c.withClientLimits(new ClientLimits(64, LIMIT, 0)));

    @Test
    void the_filter_over_the_limit_gets_quota_exceeded_and_unsubscribing_frees_a_place() throws Exception {
        var client = Mqtt.v5(parley.server().mqttPort(), "sub");
        long before = parley.server().refusals().count(Refusal.SUBSCRIPTION_LIMIT);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(subscribe(client, "app/t" + i)).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        }
        assertThat(subscribe(client, "app/t" + LIMIT)).containsExactly(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(parley.server().refusals().count(Refusal.SUBSCRIPTION_LIMIT)).isEqualTo(before + 1);
        assertThat(client.getState().isConnected()).isTrue();

        // subscribing again to a held filter does not count twice
        assertThat(subscribe(client, "app/t0")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

        Mqtt.join(client.unsubscribeWith().topicFilter("app/t1").send());
        assertThat(subscribe(client, "app/new")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

        // another connection has its own allowance
        var other = Mqtt.v5(parley.server().mqttPort(), "other");
        assertThat(subscribe(other, "app/t0")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        Mqtt.join(other.disconnect());
        Mqtt.join(client.disconnect());
    }

    @Test
    void one_subscribe_with_many_filters_is_granted_up_to_the_limit() throws Exception {
        var client = Mqtt.v5(parley.server().mqttPort(), "many");
        var codes = subscribe(client, "m/1", "m/2", "m/3", "m/4", "m/5");
        assertThat(codes).filteredOn(c -> c == Mqtt5SubAckReasonCode.GRANTED_QOS_1).hasSize(LIMIT);
        assertThat(codes).filteredOn(c -> c == Mqtt5SubAckReasonCode.QUOTA_EXCEEDED).hasSize(5 - LIMIT);
        Mqtt.join(client.disconnect());

        // a new connection starts from zero
        var again = Mqtt.v5(parley.server().mqttPort(), "many");
        assertThat(subscribe(again, "m/1", "m/2", "m/3")).containsOnly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        Mqtt.join(again.disconnect());
    }

    private static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5AsyncClient client, String... filters)
            throws Exception {
        var subscriptions = java.util.Arrays.stream(filters).map(f -> Mqtt5Subscription.builder().topicFilter(f)
                .qos(MqttQos.AT_LEAST_ONCE).build()).toList();
        var subscribe = Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build();
        try {
            return client.subscribe(subscribe, p -> { }).get(10, TimeUnit.SECONDS).getReasonCodes()
                    .stream().map(c -> (Mqtt5SubAckReasonCode) c).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Mqtt5SubAckException refused) {
                return refused.getMqttMessage().getReasonCodes();
            }
            throw e;
        }
    }
}
