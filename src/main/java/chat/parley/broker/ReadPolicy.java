package chat.parley.broker;

import chat.parley.chat.ChatTopic;
import chat.parley.chat.Topics;

import java.util.Optional;

/**
 * Who may read what in the chat namespace: direct messages only their two users; presence only signed-in users
 * (a connection with a username); rooms everyone. Applied twice: a subscription naming a topic the client may not
 * read is refused, and every delivery is checked, so a wildcard ({@code #}, {@code parley/#}) brings nothing more.
 */
final class ReadPolicy {

    private final Topics topics;

    ReadPolicy(Topics topics) {
        this.topics = topics;
    }

    /** Whether a client signed in as {@code user} (empty: anonymous) may receive a message on {@code topic}. */
    boolean mayRead(String topic, Optional<String> user) {
        Optional<ChatTopic> chat = topics.parse(topic);
        if (chat.isEmpty()) {
            return true;
        }
        if (chat.get() instanceof ChatTopic.DirectMessages dm) {
            return user.isPresent() && dm.isParty(user.get());
        }
        if (chat.get() instanceof ChatTopic.Presence) {
            return user.isPresent();
        }
        return true;
    }

    /** Whether a topic filter holds an MQTT wildcard. */
    static boolean hasWildcard(String filter) {
        return filter.contains("+") || filter.contains("#");
    }

    /**
     * Whether the deliveries of a granted subscription must be checked one by one because the filter could match a
     * topic the client may not read: a wildcard over other users' direct messages, or over presence for an anonymous
     * client. A shared subscription ({@code $share/group/filter}) is judged by its filter.
     */
    boolean needsDeliveryCheck(String filter, Optional<String> user) {
        String f = filter;
        if (f.startsWith("$share/")) {
            int slash = f.indexOf('/', "$share/".length());
            if (slash < 0) {
                return true;
            }
            f = f.substring(slash + 1);
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
        return user.isEmpty() && mayMatch(levels, shape(prefix, "presence", null));
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
     * not read. Wildcard filters are granted; what they would match is filtered at delivery.
     */
    Optional<String> refuseSubscription(String filter, Optional<String> user) {
        if (filter.contains("+") || filter.contains("#") || mayRead(filter, user)) {
            return Optional.empty();
        }
        return Optional.of(user.isEmpty() ? "sign in with a username to read " + filter
                : "only its two users may read " + filter);
    }
}
