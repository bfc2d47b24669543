package chat.parley.broker;

import chat.parley.accounts.RoomAccess;
import chat.parley.chat.ChatTopic;
import chat.parley.chat.Topics;

import java.util.Optional;

/**
 * Who may read what in the chat namespace: rooms and direct messages as {@link RoomAccess} decides; presence only
 * signed-in users (a connection with a username); with accounts, nothing at all for anonymous connections. Applied
 * twice: a subscription naming a topic the client may not read is refused, and every delivery is checked, so a
 * wildcard ({@code #}, {@code parley/#}) brings nothing more. Unlisted rooms ({@link RoomAccess#isUnlisted}) reach
 * only connections that named them: a wildcard across rooms delivers listed rooms only.
 */
final class ReadPolicy {

    private final Topics topics;
    private final RoomAccess access;

    ReadPolicy(Topics topics, RoomAccess access) {
        this.topics = topics;
        this.access = access;
    }

    /** Whether a client signed in as {@code user} (empty: anonymous) may receive a message on {@code topic}. */
    boolean mayRead(String topic, Optional<String> user) {
        return refusal(topic, user).isEmpty();
    }

    /**
     * Whether a message on {@code topic} may be delivered to a connection of {@code user} that named the rooms in
     * {@code namedRooms} in its subscriptions: it may read it, and an unlisted room's topics reach only connections
     * that named the room (its id is its invitation), never a wildcard across rooms.
     */
    boolean mayDeliver(String topic, Optional<String> user, java.util.Set<String> namedRooms) {
        Optional<ChatTopic> chat = topics.parse(topic); // once: this runs for every delivery of a filtered connection
        if (chat.isEmpty()) {
            return true;
        }
        if (refusal(topic, chat.get(), user).isPresent()) {
            return false;
        }
        String room = roomOf(chat.get());
        return room == null || !access.isUnlisted(room) || namedRooms.contains(room);
    }

    /** The room a room topic (messages, typing, meta, presence) belongs to, or null for any other topic. */
    private static String roomOf(ChatTopic parsed) {
        if (parsed instanceof ChatTopic.RoomMessages m) {
            return m.room();
        }
        if (parsed instanceof ChatTopic.Typing t) {
            return t.room();
        }
        if (parsed instanceof ChatTopic.RoomMeta meta) {
            return meta.room();
        }
        if (parsed instanceof ChatTopic.RoomPresence presence) {
            return presence.room();
        }
        return null;
    }

    /**
     * The room a topic filter names literally ({@code {prefix}/rooms/{room}/…} with no wildcard up to the room), or
     * null. A connection that names a room this way has its invitation, unlisted or not.
     */
    String namedRoom(String filter) {
        String f = withoutShare(filter);
        String start = topics.prefix() + "/rooms/";
        if (!f.startsWith(start)) {
            return null;
        }
        String rest = f.substring(start.length());
        int slash = rest.indexOf('/');
        String room = slash < 0 ? rest : rest.substring(0, slash);
        return room.isEmpty() || hasWildcard(room) ? null : room;
    }

    /** A shared subscription's filter without its {@code $share/group/} part; other filters as they are. */
    static String withoutShare(String filter) {
        if (!filter.startsWith("$share/")) {
            return filter;
        }
        int slash = filter.indexOf('/', "$share/".length());
        return slash < 0 ? "" : filter.substring(slash + 1);
    }

    private Optional<String> refusal(String topic, Optional<String> user) {
        return topics.parse(topic).flatMap(parsed -> refusal(topic, parsed, user));
    }

    private Optional<String> refusal(String topic, ChatTopic parsed, Optional<String> user) {
        if (user.isEmpty() && access.accountsMode()) {
            return Optional.of("sign in to read the chat namespace");
        }
        if (parsed instanceof ChatTopic.DirectMessages dm) {
            return access.refusal(dm.room(), user);
        }
        if (parsed instanceof ChatTopic.UserEvents events) {
            return user.isPresent() && user.get().equals(events.user()) ? Optional.empty()
                    : Optional.of("only " + events.user() + " reads " + topic);
        }
        if (parsed instanceof ChatTopic.Presence) {
            return user.isPresent() ? Optional.empty() : Optional.of("sign in with a username to read " + topic);
        }
        if (parsed instanceof ChatTopic.RoomMessages m) {
            return access.refusal(m.room(), user);
        }
        if (parsed instanceof ChatTopic.Typing t) {
            return access.refusal(t.room(), user);
        }
        if (parsed instanceof ChatTopic.RoomMeta meta) {
            return access.refusal(meta.room(), user);
        }
        if (parsed instanceof ChatTopic.RoomPresence presence) {
            return access.refusal(presence.room(), user);
        }
        return Optional.empty();
    }

    /** Whether a topic filter holds an MQTT wildcard. */
    static boolean hasWildcard(String filter) {
        return filter.contains("+") || filter.contains("#");
    }

    /**
     * Whether the deliveries of a granted subscription must be checked one by one because the filter could match a
     * topic the client may not read: a wildcard over other users' direct messages or events, over rooms (any room may be or
     * later become private), over presence for an anonymous client, or over anything in the chat namespace for an
     * anonymous client when the server has accounts. A shared subscription ({@code $share/group/filter}) is judged by
     * its filter.
     */
    boolean needsDeliveryCheck(String filter, Optional<String> user) {
        String f = withoutShare(filter);
        if (f.isEmpty()) {
            return true;
        }
        if (!hasWildcard(f)) {
            return !mayRead(f, user);
        }
        String[] levels = f.split("/", -1);
        String[] prefix = topics.prefix().split("/", -1);
        int a = prefix.length + 1;
        if (mayMatch(levels, shape(prefix, "dm", null, null, "messages"))
                && (user.isEmpty() || !(pinned(levels, a, user.get()) || pinned(levels, a + 1, user.get())))) {
            return true;
        }
        if (mayMatch(levels, shape(prefix, "rooms", null, null))) {
            return true;
        }
        if (mayMatch(levels, shape(prefix, "users", null, "events"))
                && (user.isEmpty() || !pinned(levels, a, user.get()))) {
            return true;
        }
        if (user.isEmpty() && access.accountsMode() && reachesNamespace(levels, prefix)) {
            return true;
        }
        return user.isEmpty() && mayMatch(levels, shape(prefix, "presence", null));
    }

    /** Whether a filter matches at least one topic under the prefix. */
    private static boolean reachesNamespace(String[] filter, String[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (i >= filter.length) {
                return false;
            }
            if (filter[i].equals("#")) {
                return true;
            }
            if (!filter[i].equals("+") && !filter[i].equals(prefix[i])) {
                return false;
            }
        }
        return filter.length > prefix.length;
    }

    private static String[] shape(String[] prefix, String... rest) {
        String[] levels = java.util.Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, levels, prefix.length, rest.length);
        return levels;
    }

    /** Whether a filter matches at least one topic of the shape ({@code null} levels: any name). */
    private static boolean mayMatch(String[] filter, String[] shape) {
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                return true;
            }
            if (i >= shape.length
                    || !filter[i].equals("+") && shape[i] != null && !filter[i].equals(shape[i])) {
                return false;
            }
        }
        return filter.length == shape.length;
    }

    /** Whether level {@code i} of the filter is literally {@code user} (so every match names that user there). */
    private static boolean pinned(String[] filter, int i, String user) {
        for (int j = 0; j < i && j < filter.length; j++) {
            if (filter[j].equals("#")) {
                return false;
            }
        }
        return i < filter.length && filter[i].equals(user);
    }

    /**
     * Why a subscription must be refused, if it must: a filter without wildcards that names a topic the client may
     * not read, shared ({@code $share/group/…}) or not. Wildcard filters are granted; what they would match is
     * filtered at delivery.
     */
    Optional<String> refuseSubscription(String filter, Optional<String> user) {
        String f = withoutShare(filter);
        if (hasWildcard(f)) {
            return Optional.empty();
        }
        return refusal(f, user);
    }
}
