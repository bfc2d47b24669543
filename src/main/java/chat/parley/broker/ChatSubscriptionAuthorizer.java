package chat.parley.broker;

import chat.parley.chat.Refusal;
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
    private final SubscriptionLimit limit;
    private final RefusalCounter refusals;

    ChatSubscriptionAuthorizer(ReadPolicy policy, OutboundTraffic traffic, MeterRegistry registry,
                               SubscriptionLimit limit, RefusalCounter refusals) {
        this.limit = limit;
        this.refusals = refusals;
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
        } else if (!limit.admit(input.getClientInformation().getClientId(), filter)) {
            String why = "too many subscriptions on this connection (max-subscriptions: " + limit.max() + ")";
            refusals.refused(Refusal.SUBSCRIPTION_LIMIT, input.getClientInformation().getClientId(), filter, why);
            output.failAuthorization(SubackReasonCode.QUOTA_EXCEEDED, why);
        } else {
            traffic.subscribed(input.getClientInformation().getClientId(), filter, user);
            output.authorizeSuccessfully();
        }
    }
}
