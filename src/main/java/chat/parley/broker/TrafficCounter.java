package chat.parley.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts PUBLISH packets per connection and in total ({@code parley_mqtt_messages_in_total},
 * {@code parley_mqtt_messages_out_total}), for the admin's client list, stats and chart. Counting only: it runs
 * before the chat policy and never changes a packet. Outgoing packets are not intercepted (a thread hop per delivery):
 * the total is HiveMQ's own counter, per connection see {@link OutboundTraffic}.
 */
final class TrafficCounter implements PublishInboundInterceptor {

    /** HiveMQ's counter of every PUBLISH it sent. */
    static final String HIVEMQ_OUTGOING = "com.hivemq.messages.outgoing.publish.count";


    private final ConnectedClients clients;
    private final Counter in;
    private final MeterRegistry registry;

    TrafficCounter(ConnectedClients clients, MeterRegistry registry) {
        this.clients = clients;
        this.in = Counter.builder("parley.mqtt.messages.in")
                .description("PUBLISH packets received from clients, every topic")
                .register(registry);
        this.registry = registry;
    }

    /** Registers the outgoing total, read from the broker's own metrics once it started. */
    void countOutgoing(com.codahale.metrics.MetricRegistry brokerMetrics) {
        FunctionCounter.builder("parley.mqtt.messages.out", brokerMetrics.counter(HIVEMQ_OUTGOING),
                        com.codahale.metrics.Counter::getCount)
                .description("PUBLISH packets sent to clients, every topic")
                .register(registry);
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        in.increment();
        clients.countIn(input.getClientInformation().getClientId());
    }
}
