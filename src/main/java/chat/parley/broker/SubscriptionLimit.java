package chat.parley.broker;

import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic filters each connection holds, against {@code max-subscriptions}. Subscribing again to a filter the
 * client already has does not count twice; UNSUBSCRIBE and disconnect give filters back. Counted per connection: a
 * persistent session's subscriptions from an earlier connection are not counted.
 */
final class SubscriptionLimit implements DisconnectListener, UnsubscribeInboundInterceptor {

    private final int max;
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();

    /** @param max topic filters per connection, 0 for unlimited */
    SubscriptionLimit(int max) {
        this.max = max;
    }

    /** The limit, 0 for none. */
    int max() {
        return max;
    }

    /** Records {@code filter} for the client; false (and nothing recorded) when it already holds the maximum. */
    boolean admit(String clientId, String filter) {
        if (max == 0) {
            return true;
        }
        boolean[] admitted = {false};
        byClient.compute(clientId, (id, filters) -> {
            Set<String> held = filters == null ? ConcurrentHashMap.newKeySet() : filters;
            if (held.contains(filter) || held.size() < max) {
                held.add(filter);
                admitted[0] = true;
            }
            return held;
        });
        return admitted[0];
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        var filters = input.getUnsubscribePacket().getTopicFilters();
        byClient.computeIfPresent(clientId, (id, held) -> {
            filters.forEach(held::remove);
            return held.isEmpty() ? null : held;
        });
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        byClient.remove(input.getClientInformation().getClientId());
    }
}
