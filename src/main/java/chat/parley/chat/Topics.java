package chat.parley.chat;

import java.util.Optional;

/** Builds and parses the topics of the chat namespace under one prefix (default {@code parley}). */
public final class Topics {

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String roomMessages(String room) {
        return prefix + "/rooms/" + room + "/messages";
    }

    public String typing(String room) {
        return prefix + "/rooms/" + room + "/typing";
    }

    public String roomMeta(String room) {
        return prefix + "/rooms/" + room + "/meta";
    }

    public String roomPresence(String room) {
        return prefix + "/rooms/" + room + "/presence";
    }

    public String presence(String user) {
        return prefix + "/presence/" + user;
    }

    /**
     * The topic only {@code user} reads, where the server tells them what changed for them alone (a private room they
     * were invited to or removed from).
     */
    public String userEvents(String user) {
        return prefix + "/users/" + user + "/events";
    }

    /**
     * Where Parley web nodes send the broker's extension what only it can do (disconnect a user's connections, kick and
     * ban a client): only a trusted node may publish there, and nothing published there is delivered.
     */
    public String nodeCommands() {
        return prefix + "/nodes/commands";
    }

    /** The DM topic of two users, in the canonical order (smaller name first). */
    public String directMessages(String user1, String user2) {
        boolean ordered = user1.compareTo(user2) < 0;
        return prefix + "/dm/" + (ordered ? user1 : user2) + "/" + (ordered ? user2 : user1) + "/messages";
    }

    /** The messages topic of a room key: a room's, or a DM's for {@code dm:a:b}. */
    public String messages(String roomKey) {
        if (roomKey.startsWith("dm:")) {
            String[] users = roomKey.split(":", 3);
            return directMessages(users[1], users[2]);
        }
        return roomMessages(roomKey);
    }

    /** Whether a topic (or filter) lies in the chat namespace. */
    public boolean isChat(String topic) {
        return topic.equals(prefix) || topic.startsWith(prefix + "/");
    }

    /** Parses a topic name; empty when it lies outside the chat namespace. */
    public Optional<ChatTopic> parse(String topic) {
        if (!isChat(topic)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(prefix.length()).split("/", -1);
        // levels[0] is the empty string before the first '/'
        if (levels.length == 4 && levels[1].equals("rooms")) {
            String room = levels[2];
            if (!Names.isRoom(room)) {
                return invalid("room id must match " + Names.ROOM.pattern());
            }
            return switch (levels[3]) {
                case "messages" -> Optional.of(new ChatTopic.RoomMessages(room));
                case "typing" -> Optional.of(new ChatTopic.Typing(room));
                case "meta" -> Optional.of(new ChatTopic.RoomMeta(room));
                case "presence" -> Optional.of(new ChatTopic.RoomPresence(room));
                default -> invalid("unknown room topic '" + levels[3] + "'");
            };
        }
        if (levels.length == 3 && levels[1].equals("presence")) {
            return Names.isUser(levels[2]) ? Optional.of(new ChatTopic.Presence(levels[2]))
                    : invalid("user name must match " + Names.USER.pattern());
        }
        if (levels.length == 4 && levels[1].equals("users") && levels[3].equals("events")) {
            return Names.isUser(levels[2]) ? Optional.of(new ChatTopic.UserEvents(levels[2]))
                    : invalid("user name must match " + Names.USER.pattern());
        }
        if (levels.length == 5 && levels[1].equals("dm") && levels[4].equals("messages")) {
            String a = levels[2];
            String b = levels[3];
            if (!Names.isUser(a) || !Names.isUser(b)) {
                return invalid("user name must match " + Names.USER.pattern());
            }
            if (a.compareTo(b) >= 0) {
                return invalid("DM topic must name the two users in order, smaller first: " + directMessages(a, b));
            }
            return Optional.of(new ChatTopic.DirectMessages(a, b));
        }
        return invalid("not a chat topic; expected " + prefix + "/rooms/{room}/messages");
    }

    private static Optional<ChatTopic> invalid(String problem) {
        return Optional.of(new ChatTopic.Invalid(problem));
    }
}
