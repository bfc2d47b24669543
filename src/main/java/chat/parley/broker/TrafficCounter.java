package chat.parley.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts PUBLISH packets per connection and in total ({@code parley_mqtt_messages_in_total},
 * {@code parley_mqtt_messages_out_total}), for the admin's client list, stats and chart. Counting only: it runs
 * before the chat policy and never changes a packet.
 */
final class TrafficCounter implements PublishInboundInterceptor, PublishOutboundInterceptor {

    private final ConnectedClients clients;
    private final Counter in;
    private final Counter out;

    TrafficCounter(ConnectedClients clients, MeterRegistry registry) {
        this.clients = clients;
        this.in = Counter.builder("parley.mqtt.messages.in")
                .description("PUBLISH packets received from clients, every topic")
                .register(registry);
        this.out = Counter.builder("parley.mqtt.messages.out")
                .description("PUBLISH packets sent to clients, every topic")
                .register(registry);
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        in.increment();
        clients.countIn(input.getClientInformation().getClientId());
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        out.increment();
        clients.countOut(input.getClientInformation().getClientId());
    }
}
