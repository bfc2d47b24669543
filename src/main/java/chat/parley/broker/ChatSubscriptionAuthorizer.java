package chat.parley.broker;

import chat.parley.chat.Refusal;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Refuses subscriptions that name a chat topic the client may not read (SUBACK 0x87), filters deeper or longer than
 * any real topic (SUBACK 0x8F) and those past the connection's limit (0x97); grants the rest.
 */
final class ChatSubscriptionAuthorizer implements SubscriptionAuthorizer {

    /** Levels a topic filter may have: as Mosquitto's limit, far past any real topic tree. */
    static final int MAX_FILTER_LEVELS = 200;
    /** Characters a topic filter may have. Each level costs the broker's topic tree a node per subscription. */
    static final int MAX_FILTER_CHARS = 4096;

    private final ReadPolicy policy;
    private final Counter refused;
    private final ReadFilters readFilters;
    private final OutboundTraffic traffic;
    private final SubscriptionLimit limit;
    private final RefusalCounter refusals;
    private final RoomPresence roomPresence;

    ChatSubscriptionAuthorizer(ReadPolicy policy, ReadFilters readFilters, OutboundTraffic traffic,
                               MeterRegistry registry, SubscriptionLimit limit, RefusalCounter refusals,
                               RoomPresence roomPresence) {
        this.roomPresence = roomPresence;
        this.readFilters = readFilters;
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
        var tooLong = tooLong(filter);
        if (tooLong.isPresent()) {
            refusals.refused(Refusal.TOPIC_FILTER_TOO_LONG, input.getClientInformation().getClientId(),
                    filter.substring(0, Math.min(filter.length(), 80)) + "…", tooLong.get());
            output.failAuthorization(SubackReasonCode.TOPIC_FILTER_INVALID, tooLong.get());
        } else if (refusal.isPresent()) {
            refused.increment();
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, refusal.get());
        } else if (!limit.admit(input.getClientInformation().getClientId(), filter)) {
            String why = "too many subscriptions on this connection (max-subscriptions: " + limit.max() + ")";
            refusals.refused(Refusal.SUBSCRIPTION_LIMIT, input.getClientInformation().getClientId(), filter, why);
            output.failAuthorization(SubackReasonCode.QUOTA_EXCEEDED, why);
        } else {
            String clientId = input.getClientInformation().getClientId();
            readFilters.subscribed(clientId, filter, user); // first: the filter, if needed, counts from now
            traffic.subscribed(clientId, filter);
            roomPresence.subscribed(clientId, filter,
                    PresenceTracker.connectionToken(input.getConnectionInformation()).orElse(null), user.orElse(null));
            output.authorizeSuccessfully();
        }
    }

    private static java.util.Optional<String> tooLong(String filter) {
        if (filter.length() > MAX_FILTER_CHARS) {
            return java.util.Optional.of("topic filter of " + filter.length() + " characters is over the limit of "
                    + MAX_FILTER_CHARS);
        }
        int levels = 1;
        for (int i = 0; i < filter.length(); i++) {
            if (filter.charAt(i) == '/' && ++levels > MAX_FILTER_LEVELS) {
                return java.util.Optional.of("topic filter has more than " + MAX_FILTER_LEVELS + " levels");
            }
        }
        return java.util.Optional.empty();
    }
}
