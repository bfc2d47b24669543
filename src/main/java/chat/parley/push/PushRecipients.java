package chat.parley.push;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.hooks.Mentions;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Who a stored message should notify: the other user of a DM, and every user it mentions ({@code @name}) who may read
 * its room (a mention in a private room never reaches a non-member). Never the sender; events (reactions, edits,
 * deletes) notify nobody. A sealed (e2e) message's mentions cannot be read, so only its DM peer is told.
 */
final class PushRecipients {

    private final BiPredicate<String, String> mayRead;

    /** @param mayRead whether a user ({@code user}) may read a room ({@code roomKey}), as {@code (roomKey, user)} */
    PushRecipients(BiPredicate<String, String> mayRead) {
        this.mayRead = mayRead;
    }

    /**
     * Whether a message could notify anyone: a DM, or a message with an {@code @}. Cheap, for the store's commit
     * thread; {@link #of} decides.
     */
    static boolean mayConcernSomeone(Envelope envelope) {
        if (!envelope.isMessage() || envelope.body() instanceof Body.Removed) {
            return false;
        }
        String text = envelope.text();
        return envelope.room().startsWith("dm:") || (text != null && text.indexOf('@') >= 0);
    }

    /** The users to notify, in order: the DM peer first, then the mentioned users. */
    Set<String> of(Envelope envelope) {
        var users = new LinkedHashSet<String>();
        if (!mayConcernSomeone(envelope)) {
            return users;
        }
        String room = envelope.room();
        if (room.startsWith("dm:")) {
            String[] pair = room.substring(3).split(":", -1);
            if (pair.length == 2 && (pair[0].equals(envelope.from()) || pair[1].equals(envelope.from()))) {
                users.add(pair[0].equals(envelope.from()) ? pair[1] : pair[0]);
            }
        }
        for (String name : Mentions.all(envelope.text())) {
            if (mayRead.test(room, name)) {
                users.add(name);
            }
        }
        users.remove(envelope.from());
        return users;
    }
}
