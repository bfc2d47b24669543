package chat.parley.broker;

import chat.parley.chat.Names;
import chat.parley.chat.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Presence per room, on {@code {prefix}/rooms/{room}/presence}: a user is in a room while one of their connections
 * holds that exact subscription (anonymous connections and wildcards are never counted). Who may see it is the room's
 * read rule ({@link ReadPolicy}: a private room's to its members, an unlisted room's to those who name it).
 * <p>
 * Nothing is sent per connect. A change marks its room, and at most once per {@link #digestMillis interval} a room
 * with changes publishes one digest, {@code {"room","v","online":[…],"offline":[…]}}, with only the users whose
 * presence in it changed since the last one: a storm of connects costs each room one digest per interval, and each
 * change reaches only the room's subscribers. The interval is {@link #DIGEST_MILLIS} for rooms of up to a thousand
 * people and grows with the room beyond that, so that no room's digests cost more than
 * {@link #DIGEST_DELIVERIES_PER_SECOND} deliveries a second: in a room of everyone, where someone is always
 * connecting, a digest every 500 ms to 10,000 people would be 20,000 deliveries a second for presence alone.
 * <p>
 * A new subscriber gets, to itself only, the list its room's last digest made ({@code "full":true}, that digest's
 * {@code v}) on the next {@link #DIGEST_MILLIS} tick, without waiting for the room's interval: the digests after it
 * change exactly that list. Digests and lists are sent from one thread, in order; a client applies a digest only over
 * a list of an older {@code v}.
 */
final class RoomPresence implements DisconnectListener, UnsubscribeInboundInterceptor, AutoCloseable {

    /** How long changes in a room gather before its digest goes out, at least, in milliseconds. */
    static final long DIGEST_MILLIS = 500;
    /** What one room's digests may cost at most: its interval is its people over this, in seconds. */
    static final long DIGEST_DELIVERIES_PER_SECOND = 2_000;
    /** The longest a change waits for its room's digest, however large the room. */
    static final long MAX_DIGEST_MILLIS = 10_000;
    /** Ticks a full list waits for its subscription to land in the broker before it is dropped. */
    private static final int LIST_ATTEMPTS = 10;

    /** One room: its present users and what its last digest said. Guarded by the {@link RoomPresence}. */
    private static final class Room {
        final Map<String, Integer> connectionsByUser = new HashMap<>();
        Set<String> reported = Set.of();
        final Map<String, Integer> awaitingList = new HashMap<>(); // client id -> attempts left
        long version;
        long lastDigestNanos;
        boolean scheduled;
        long dueNanos; // when the next tick runs, while scheduled
        ScheduledFuture<?> tick; // the one tick queued for the room, while scheduled
        long lastTick; // numbers the ticks queued: one replaced while it was already starting sees it is stale
    }

    /** How long a room of this many people gathers its changes: its digests cost at most the budget a second. */
    static long digestMillis(int people) {
        return Math.min(MAX_DIGEST_MILLIS, Math.max(DIGEST_MILLIS, people * 1000L / DIGEST_DELIVERIES_PER_SECOND));
    }

    /** One connection's rooms, by the connection token {@link PresenceTracker} gives it. */
    private record Connection(String user, String clientId, Set<String> rooms) {
    }

    private final Topics topics;
    private final ReadPolicy policy;
    private final ObjectMapper json;
    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, Connection> connections = new HashMap<>();
    /** How many people each room has now, readable without the lock (by every typing signal). */
    private final Map<String, Integer> peopleByRoom = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-room-presence");
        t.setDaemon(true);
        return t;
    });

    RoomPresence(Topics topics, ReadPolicy policy, ObjectMapper json) {
        this.topics = topics;
        this.policy = policy;
        this.json = json;
    }

    /** How many people are in the room now (each counted once, however many connections they have). */
    int peopleIn(String room) {
        return peopleByRoom.getOrDefault(room, 0);
    }

    /** A subscription was granted: if it names a room's presence exactly, the connection's user is in that room. */
    void subscribed(String clientId, String filter, String connection, String user) {
        String room = policy.namedRoom(filter);
        if (room == null || connection == null || !Names.isUser(user) || !filter.equals(topics.roomPresence(room))) {
            return;
        }
        synchronized (this) {
            Connection c = connections.computeIfAbsent(connection,
                    k -> new Connection(user, clientId, new HashSet<>()));
            Room r = rooms.computeIfAbsent(room, k -> new Room());
            if (c.rooms.add(room)) {
                r.connectionsByUser.merge(user, 1, Integer::sum);
                countPeople(room, r);
            }
            r.awaitingList.put(clientId, LIST_ATTEMPTS);
            schedule(room, r);
        }
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        String connection = PresenceTracker.connectionToken(input.getConnectionInformation()).orElse(null);
        for (String filter : input.getUnsubscribePacket().getTopicFilters()) {
            String room = policy.namedRoom(filter);
            if (room != null && connection != null && filter.equals(topics.roomPresence(room))) {
                synchronized (this) {
                    Connection c = connections.get(connection);
                    if (c != null && c.rooms.remove(room)) {
                        leave(room, c.user);
                    }
                }
            }
        }
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        String connection = PresenceTracker.connectionToken(input.getConnectionInformation()).orElse(null);
        if (connection == null) {
            return;
        }
        synchronized (this) {
            Connection c = connections.remove(connection);
            if (c != null) {
                c.rooms.forEach(room -> leave(room, c.user));
            }
        }
    }

    private void leave(String room, String user) {
        Room r = rooms.get(room);
        if (r != null) {
            r.connectionsByUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
            countPeople(room, r);
            // nobody waits for a list: the tick can wait for the room's next digest
            schedule(room, r, Math.max(DIGEST_MILLIS, TimeUnit.NANOSECONDS.toMillis(untilDigest(r, System.nanoTime()))));
        }
    }

    /** Copies the room's count of people where typing signals read it without the lock. */
    private void countPeople(String room, Room r) {
        if (r.connectionsByUser.isEmpty()) {
            peopleByRoom.remove(room);
        } else {
            peopleByRoom.put(room, r.connectionsByUser.size());
        }
    }

    /** How long the room's next digest must wait after its last one (0 or less: it may go now). */
    private static long untilDigest(Room r, long now) {
        if (r.lastDigestNanos == 0) {
            return 0;
        }
        int people = Math.max(r.connectionsByUser.size(), r.reported.size());
        return r.lastDigestNanos + TimeUnit.MILLISECONDS.toNanos(digestMillis(people)) - now;
    }

    private void schedule(String room, Room r) {
        schedule(room, r, DIGEST_MILLIS);
    }

    /**
     * Ticks the room within {@code millis}, so a new subscriber's list does not wait for a large room's digest; a tick
     * queued for later is replaced (one tick per room at most).
     */
    private void schedule(String room, Room r, long millis) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (!r.scheduled || due - r.dueNanos < 0) {
            if (r.tick != null) {
                r.tick.cancel(false);
            }
            r.scheduled = true;
            r.dueNanos = due;
            long number = ++r.lastTick;
            r.tick = ticks.schedule(() -> digest(room, number), millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs on the tick thread: publishes the room's changes if its interval has passed (else comes back when it has),
     * then the last digest's full list to its new subscribers.
     */
    private void digest(String room, long tick) {
        Publish changes = null;
        Publish list = null;
        Map<String, Integer> listTo;
        synchronized (this) {
            Room r = rooms.get(room);
            if (r == null || r.lastTick != tick) { // a tick replaced by an earlier one
                return;
            }
            r.scheduled = false;
            r.tick = null;
            Set<String> present = r.connectionsByUser.keySet();
            var online = new TreeSet<>(present);
            online.removeAll(r.reported);
            var offline = new TreeSet<>(r.reported);
            offline.removeAll(present);
            if (!online.isEmpty() || !offline.isEmpty()) {
                long now = System.nanoTime();
                long wait = untilDigest(r, now);
                if (wait <= 0) {
                    r.version++;
                    r.reported = Set.copyOf(present);
                    r.lastDigestNanos = now;
                    changes = publish(room, r.version, online, offline, false);
                } else {
                    schedule(room, r, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                }
            }
            listTo = Map.copyOf(r.awaitingList);
            r.awaitingList.clear();
            if (!listTo.isEmpty()) {
                list = publish(room, r.version, new TreeSet<>(r.reported), Set.of(), true);
            }
            if (present.isEmpty() && r.reported.isEmpty() && !r.scheduled) {
                rooms.remove(room);
            }
        }
        if (changes != null) {
            Services.publishService().publish(changes);
        }
        if (list != null) {
            Publish full = list;
            listTo.forEach((clientId, attempts) -> Services.publishService().publishToClient(full, clientId)
                    .thenAccept(result -> {
                        if (result == PublishToClientResult.NOT_SUBSCRIBED && attempts > 1) {
                            retryList(room, clientId, attempts - 1);
                        }
                    }));
        }
    }

    /** The subscription was not in the broker yet (the list raced its SUBACK): try again on the next tick. */
    private synchronized void retryList(String room, String clientId, int attemptsLeft) {
        Room r = rooms.get(room);
        if (r != null) {
            r.awaitingList.putIfAbsent(clientId, attemptsLeft);
            schedule(room, r);
        }
    }

    private Publish publish(String room, long version, Set<String> online, Set<String> offline, boolean full) {
        var body = new LinkedHashMap<String, Object>();
        body.put("room", room);
        body.put("v", version);
        if (full) {
            body.put("full", true);
        }
        body.put("online", online);
        body.put("offline", offline);
        try {
            return Builders.publish()
                    .topic(topics.roomPresence(room))
                    .qos(Qos.AT_LEAST_ONCE)
                    .contentType("application/json")
                    .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
                    .payload(ByteBuffer.wrap(json.writeValueAsBytes(body)))
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not encode the presence of room " + room, e);
        }
    }

    /** Stops the digest ticks. */
    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
