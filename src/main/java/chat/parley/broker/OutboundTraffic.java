package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what goes out to each connection, without an outbound interceptor of its own (each would cost every delivery
 * a thread hop). A connection whose deliveries the {@link ChatDeliveryFilter} checks (see {@link ReadFilters}) is
 * counted by the filter; every other connection per subscribed topic: the chat messages accepted on that topic since
 * it subscribed. It decides nothing about who may read what.
 */
final class OutboundTraffic implements UnsubscribeInboundInterceptor {

    private static final String SERIAL = "parley.outbound.serial";

    private static final class Connection {
        final long serial;
        final Map<String, Long> baselines = new ConcurrentHashMap<>();
        final AtomicLong filteredOut = new AtomicLong();
        volatile boolean filtered;

        Connection(long serial) {
            this.serial = serial;
        }
    }

    private final Map<String, Connection> byClient = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perTopic = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();

    /** A connection was initialised. */
    void initialize(String clientId, ConnectionInformation connection, ClientContext context) {
        long serial = serials.incrementAndGet();
        connection.getConnectionAttributeStore().putAsString(SERIAL, Long.toString(serial));
        byClient.put(clientId, new Connection(serial));
        context.addUnsubscribeInboundInterceptor(this);
    }

    /** A subscription was granted: count the messages on its topic from now (unless the filter counts them). */
    void subscribed(String clientId, String topicFilter) {
        Connection entry = byClient.get(clientId);
        if (entry != null && !entry.filtered && !ReadPolicy.hasWildcard(topicFilter)) {
            entry.baselines.put(topicFilter, published(topicFilter));
        }
    }

    /** The connection's deliveries are checked by the filter from now on, which counts them. */
    void countThroughFilter(String clientId) {
        Connection entry = byClient.get(clientId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (entry.filtered) {
                return;
            }
            entry.filteredOut.addAndGet(countedByTopic(entry));
            entry.baselines.clear();
            entry.filtered = true;
        }
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        Connection entry = byClient.get(input.getClientInformation().getClientId());
        if (entry != null) {
            input.getUnsubscribePacket().getTopicFilters().forEach(entry.baselines::remove);
        }
    }

    /** A chat message (or typing signal) was accepted on {@code topic} and goes to its subscribers. */
    void accepted(String topic) {
        perTopic.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    /** The delivery filter let a message through to this client. */
    void delivered(String clientId) {
        Connection entry = byClient.get(clientId);
        if (entry != null) {
            entry.filteredOut.incrementAndGet();
        }
    }

    /** PUBLISH packets sent to the connection of {@code clientId} (chat messages and typing, or all when filtered). */
    long messagesOut(String clientId) {
        Connection entry = byClient.get(clientId);
        if (entry == null) {
            return 0;
        }
        synchronized (entry) {
            return entry.filteredOut.get() + countedByTopic(entry);
        }
    }

    /** Forgets each connection when it closes; a newer connection with the same client id (takeover) stays. */
    DisconnectListener lifecycle() {
        return input -> input.getConnectionInformation().getConnectionAttributeStore().getAsString(SERIAL)
                .map(Long::parseLong).ifPresent(serial -> byClient.computeIfPresent(
                        input.getClientInformation().getClientId(), (id, e) -> e.serial == serial ? null : e));
    }

    private long countedByTopic(Connection entry) {
        long sum = 0;
        for (var baseline : entry.baselines.entrySet()) {
            sum += published(baseline.getKey()) - baseline.getValue();
        }
        return sum;
    }

    private long published(String topic) {
        LongAdder count = perTopic.get(topic);
        return count == null ? 0 : count.sum();
    }
}
