package chat.parley.chat;

/** A topic inside the chat namespace, parsed by {@link Topics}. */
public sealed interface ChatTopic {

    /** {@code {prefix}/rooms/{room}/messages}: chat messages of a room. */
    record RoomMessages(String room) implements ChatTopic {
    }

    /** {@code {prefix}/rooms/{room}/typing}: typing signals, QoS 0. */
    record Typing(String room) implements ChatTopic {
    }

    /** {@code {prefix}/rooms/{room}/meta}: retained room metadata, published by the server only. */
    record RoomMeta(String room) implements ChatTopic {
    }

    /**
     * {@code {prefix}/rooms/{room}/presence}: who has the room open, as digests published by the server only (a full
     * list to each new subscriber, then the changes, coalesced).
     */
    record RoomPresence(String room) implements ChatTopic {
    }

    /** {@code {prefix}/presence/{user}}: retained presence, published by the server only. */
    record Presence(String user) implements ChatTopic {
    }

    /** {@code {prefix}/users/{user}/events}: what changed for one user alone; published by the server, read by them. */
    record UserEvents(String user) implements ChatTopic {
    }

    /** {@code {prefix}/dm/{a}/{b}/messages} with {@code a < b}: direct messages between two users. */
    record DirectMessages(String a, String b) implements ChatTopic {

        /** The room key DM history is kept under, e.g. {@code dm:alice:bob}. */
        public String room() {
            return "dm:" + a + ":" + b;
        }

        public boolean isParty(String user) {
            return a.equals(user) || b.equals(user);
        }
    }

    /** A topic under the prefix that matches none of the above; {@code problem} says why. */
    record Invalid(String problem) implements ChatTopic {
    }
}
