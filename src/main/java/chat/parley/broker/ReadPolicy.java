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
