package chat.parley.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts PUBLISH packets per connection and in total ({@code parley_mqtt_messages_in_total},
 * {@code parley_mqtt_messages_out_total}), for the admin's client list, stats and chart. Counting only: the
 * connection's one inbound interceptor ({@link ChatPublishInterceptor}) calls {@link #received} first for every
 * PUBLISH, whatever its topic; a second interceptor of its own would cost every publish a second extension task.
 * Outgoing packets are not intercepted (a thread hop per delivery): the total is HiveMQ's own counter, per connection
 * see {@link OutboundTraffic}.
 */
final class TrafficCounter {

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

    /** A PUBLISH packet came in from {@code clientId}. */
    void received(String clientId) {
        in.increment();
        clients.countIn(clientId);
    }
}
