package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What goes out to each connection, without an outbound interceptor on every connection. HiveMQ hands every outgoing
 * PUBLISH of a connection that has one to the extension executor and back (a thread hop per delivery), which made
 * fan-out slow. So the {@link ChatDeliveryFilter} is added only to connections granted a subscription that could
 * match something they may not read ({@link ReadPolicy#needsDeliveryCheck}); it also counts their deliveries. For
 * every other connection, deliveries are counted per subscribed topic: the chat messages accepted on that topic since
 * it subscribed.
 */
final class OutboundTraffic implements UnsubscribeInboundInterceptor {

    private static final String SERIAL = "parley.outbound.serial";

    private static final class Connection {
        final long serial;
        final ClientContext context;
        final Map<String, Long> baselines = new ConcurrentHashMap<>();
        final AtomicLong filteredOut = new AtomicLong();
        /** Rooms this connection's subscriptions name literally: unlisted ones among them may reach it. */
        final Set<String> namedRooms = ConcurrentHashMap.newKeySet();
        volatile boolean filtered;

        Connection(long serial, ClientContext context) {
            this.serial = serial;
            this.context = context;
        }
    }

    private final ReadPolicy policy;
    private final ChatDeliveryFilter filter;
    private final boolean filterEveryone;
    private final Map<String, Connection> byClient = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perTopic = new ConcurrentHashMap<>();
    /** Client ids ever granted such a subscription: a resumed session keeps its subscriptions, so keep the filter. */
    private final Set<String> filteredClients = ConcurrentHashMap.newKeySet();
    private final AtomicLong serials = new AtomicLong();

    /**
     * @param filterEveryone add the filter to every connection (sessions persisted on disk may hold subscriptions
     *                       from before this start, which were never seen here)
     */
    OutboundTraffic(ReadPolicy policy, boolean filterEveryone) {
        this.policy = policy;
        this.filter = new ChatDeliveryFilter(policy, this);
        this.filterEveryone = filterEveryone;
    }

    /**
     * A connection was initialised. A resumed session holds subscriptions granted to an earlier connection (of the
     * same identity, see {@link SessionOwners}), and the identity's rights may have changed since: its deliveries are
     * checked one by one from the first, its subscriptions are authorised again ({@link #reauthorize}), and the rooms
     * they name are carried over so that its unlisted rooms keep reaching it.
     */
    void initialize(String clientId, ConnectionInformation connection, ClientContext context) {
        long serial = serials.incrementAndGet();
        var attributes = connection.getConnectionAttributeStore();
        attributes.putAsString(SERIAL, Long.toString(serial));
        boolean resumed = attributes.getAsString(SessionOwners.RESUMED).isPresent();
        var entry = new Connection(serial, context);
        Connection before = byClient.put(clientId, entry);
        if (resumed && before != null) {
            entry.namedRooms.addAll(before.namedRooms);
        }
        context.addUnsubscribeInboundInterceptor(this);
        if (filterEveryone || resumed || filteredClients.contains(clientId)) {
            addFilter(entry);
        }
    }

    /**
     * Authorises a resumed session's stored subscriptions again for the identity now connected: those it may no
     * longer hold are removed from the session, the rooms the rest name are learnt (after a restart with sessions on
     * disk nothing was carried over).
     */
    void reauthorize(String clientId, ConnectionInformation connection) {
        if (connection.getConnectionAttributeStore().getAsString(SessionOwners.RESUMED).isEmpty()) {
            return;
        }
        Optional<String> user = ClientIdentity.user(connection);
        com.hivemq.extension.sdk.api.services.Services.subscriptionStore().getSubscriptions(clientId)
                .thenAccept(subscriptions -> {
                    var refused = new java.util.HashSet<String>();
                    for (var subscription : subscriptions) {
                        String filter = subscription.getTopicFilter();
                        if (policy.refuseSubscription(filter, user).isPresent()) {
                            refused.add(filter);
                        } else {
                            subscribed(clientId, filter, user);
                        }
                    }
                    if (!refused.isEmpty()) {
                        com.hivemq.extension.sdk.api.services.Services.subscriptionStore()
                                .removeSubscriptions(clientId, refused);
                    }
                });
    }

    /** The rooms the connection of {@code clientId} names in its subscriptions. */
    Set<String> namedRooms(String clientId) {
        Connection entry = byClient.get(clientId);
        return entry == null ? Set.of() : entry.namedRooms;
    }

    /** A subscription was granted; called before the broker adds it, so the filter is in place for the first match. */
    void subscribed(String clientId, String topicFilter, Optional<String> user) {
        Connection entry = byClient.get(clientId);
        if (entry == null) {
            return;
        }
        String room = policy.namedRoom(topicFilter);
        if (room != null) {
            entry.namedRooms.add(room);
        }
        if (policy.needsDeliveryCheck(topicFilter, user)) {
            filteredClients.add(clientId);
            addFilter(entry);
        } else if (!entry.filtered && !ReadPolicy.hasWildcard(topicFilter)) {
            entry.baselines.put(topicFilter, published(topicFilter));
        }
    }

    private void addFilter(Connection entry) {
        synchronized (entry) {
            if (entry.filtered) {
                return;
            }
            entry.filteredOut.addAndGet(countedByTopic(entry));
            entry.baselines.clear();
            entry.filtered = true;
            entry.context.addPublishOutboundInterceptor(filter);
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

    /** The connection closed; a newer connection with the same client id (takeover) stays. */
    void disconnected(String clientId, ConnectionInformation connection) {
        connection.getConnectionAttributeStore().getAsString(SERIAL).map(Long::parseLong).ifPresent(serial ->
                byClient.computeIfPresent(clientId, (id, e) -> e.serial == serial ? null : e));
    }

    /** Forgets each connection when it closes. */
    DisconnectListener lifecycle() {
        return input -> disconnected(input.getClientInformation().getClientId(), input.getConnectionInformation());
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
