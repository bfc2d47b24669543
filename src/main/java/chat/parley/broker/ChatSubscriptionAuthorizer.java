package chat.parley.broker;

import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Refuses subscriptions that name a chat topic the client may not read (SUBACK 0x87); grants the rest. */
final class ChatSubscriptionAuthorizer implements SubscriptionAuthorizer {

    private final ReadPolicy policy;
    private final Counter refused;
    private final OutboundTraffic traffic;

    ChatSubscriptionAuthorizer(ReadPolicy policy, OutboundTraffic traffic, MeterRegistry registry) {
        this.policy = policy;
        this.traffic = traffic;
        this.refused = Counter.builder("parley.subscriptions.refused")
                .description("Subscriptions refused because they name a chat topic the client may not read")
                .register(registry);
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        var user = ClientIdentity.user(input.getConnectionInformation());
        var refusal = policy.refuseSubscription(filter, user);
        if (refusal.isPresent()) {
            refused.increment();
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, refusal.get());
        } else {
            traffic.subscribed(input.getClientInformation().getClientId(), filter, user);
            output.authorizeSuccessfully();
        }
    }
}
