package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.services.Services;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which connections have every delivery checked by the {@link ChatDeliveryFilter}, as the {@link ReadPolicy} decides,
 * and which rooms each connection named (an unlisted room reaches only those). HiveMQ hands every outgoing PUBLISH of a
 * connection with an outbound interceptor to the extension executor and back (a thread hop per delivery), so the
 * filter is added only where a subscription could match something the client may not read, or where the session was
 * resumed with subscriptions granted to an earlier connection. {@link OutboundTraffic} is told, since it counts a
 * filtered connection's deliveries through the filter.
 */
final class ReadFilters {

    private static final String SERIAL = "parley.read-filter.serial";

    private static final class Connection {
        final long serial;
        final ClientContext context;
        final Optional<String> user;
        /** Rooms this connection's subscriptions name literally: unlisted ones among them may reach it. */
        final Set<String> namedRooms = ConcurrentHashMap.newKeySet();
        volatile boolean filtered;

        Connection(long serial, ClientContext context, Optional<String> user) {
            this.serial = serial;
            this.context = context;
            this.user = user;
        }
    }

    private final ReadPolicy policy;
    private final OutboundTraffic traffic;
    private final ChatDeliveryFilter filter;
    private final boolean filterEveryone;
    private final Map<String, Connection> byClient = new ConcurrentHashMap<>();
    /** Client ids ever granted such a subscription: a resumed session keeps its subscriptions, so keep the filter. */
    private final Set<String> filteredClients = ConcurrentHashMap.newKeySet();
    private final AtomicLong serials = new AtomicLong();

    /**
     * @param filterEveryone add the filter to every connection (sessions persisted on disk may hold subscriptions
     *                       from before this start, which were never seen here)
     */
    ReadFilters(ReadPolicy policy, OutboundTraffic traffic, boolean filterEveryone) {
        this.policy = policy;
        this.traffic = traffic;
        this.filter = new ChatDeliveryFilter(policy, this, traffic);
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
        var entry = new Connection(serial, context, ClientIdentity.user(connection));
        Connection before = byClient.put(clientId, entry);
        if (resumed && before != null) {
            entry.namedRooms.addAll(before.namedRooms);
        }
        if (filterEveryone || resumed || filteredClients.contains(clientId)) {
            addFilter(clientId, entry);
        }
        if (resumed) {
            reauthorize(clientId, ClientIdentity.user(connection));
        }
    }

    /**
     * Authorises a resumed session's stored subscriptions again for the identity now connected: those it may no
     * longer hold are removed from the session, and the rooms the rest name are learnt (after a restart with sessions
     * on disk nothing was carried over). The filter is already in place, so nothing is delivered in the meantime
     * that the identity may not read.
     */
    private void reauthorize(String clientId, Optional<String> user) {
        Services.subscriptionStore().getSubscriptions(clientId).thenAccept(subscriptions -> {
            var refused = new HashSet<String>();
            for (var subscription : subscriptions) {
                String topicFilter = subscription.getTopicFilter();
                if (policy.refuseSubscription(topicFilter, user).isPresent()) {
                    refused.add(topicFilter);
                } else {
                    subscribed(clientId, topicFilter, user);
                }
            }
            if (!refused.isEmpty()) {
                Services.subscriptionStore().removeSubscriptions(clientId, refused);
            }
        });
    }

    /**
     * What {@code user} may read has shrunk (they left a private room, or were removed from one): every delivery to
     * their open connections is checked from now on, and the subscriptions they may no longer hold are removed, so
     * nothing more of the room reaches a connection that subscribed while they were a member.
     */
    void rightsShrank(String user) {
        byClient.forEach((clientId, entry) -> {
            if (entry.user.isPresent() && entry.user.get().equals(user)) {
                filteredClients.add(clientId);
                addFilter(clientId, entry);
                reauthorize(clientId, entry.user);
            }
        });
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
            addFilter(clientId, entry);
        }
    }

    /** Whether the deliveries of {@code clientId}'s connection are checked one by one. */
    boolean filtered(String clientId) {
        Connection entry = byClient.get(clientId);
        return entry != null && entry.filtered;
    }

    /** The rooms the connection of {@code clientId} names in its subscriptions. */
    Set<String> namedRooms(String clientId) {
        Connection entry = byClient.get(clientId);
        return entry == null ? Set.of() : entry.namedRooms;
    }

    private void addFilter(String clientId, Connection entry) {
        synchronized (entry) {
            if (entry.filtered) {
                return;
            }
            traffic.countThroughFilter(clientId);
            entry.filtered = true;
            entry.context.addPublishOutboundInterceptor(filter);
        }
    }

    /** Forgets each connection when it closes; a newer connection with the same client id (takeover) stays. */
    DisconnectListener lifecycle() {
        return input -> input.getConnectionInformation().getConnectionAttributeStore().getAsString(SERIAL)
                .map(Long::parseLong).ifPresent(serial -> byClient.computeIfPresent(
                        input.getClientInformation().getClientId(), (id, e) -> e.serial == serial ? null : e));
    }
}
