package chat.parley.broker;

import chat.parley.accounts.RoomAccess;
import chat.parley.chat.ChatTopic;
import chat.parley.chat.Topics;

import java.util.Optional;

/**
 * Who may read what in the chat namespace: rooms and direct messages as {@link RoomAccess} decides; presence only
 * signed-in users (a connection with a username); with accounts, nothing at all for anonymous connections. Applied
 * twice: a subscription naming a topic the client may not read is refused, and every delivery is checked, so a
 * wildcard ({@code #}, {@code parley/#}) brings nothing more.
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

    private Optional<String> refusal(String topic, Optional<String> user) {
        Optional<ChatTopic> chat = topics.parse(topic);
        if (chat.isEmpty()) {
            return Optional.empty();
        }
        if (user.isEmpty() && access.accountsMode()) {
            return Optional.of("sign in to read the chat namespace");
        }
        ChatTopic parsed = chat.get();
        if (parsed instanceof ChatTopic.DirectMessages dm) {
            return access.refusal(dm.room(), user);
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
        return Optional.empty();
    }

    /**
     * Why a subscription must be refused, if it must: a filter without wildcards that names a topic the client may
     * not read. Wildcard filters are granted; what they would match is filtered at delivery.
     */
    Optional<String> refuseSubscription(String filter, Optional<String> user) {
        if (filter.contains("+") || filter.contains("#")) {
            return Optional.empty();
        }
        return refusal(filter, user);
    }
}
