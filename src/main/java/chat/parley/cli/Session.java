package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One signed-in connection: who we are, where the broker is, the topic prefix, and the history API when there is a
 * Parley server. {@link #open} resolves what is missing (asking in a terminal), claims the user name the way the
 * browser does, and connects.
 */
final class Session implements AutoCloseable {

    private static final long CATCH_UP_GIVE_UP_MS = 60_000;

    private final ChatOptions options;
    private final Identity identity;
    private final MqttLink link;
    private final String firstRoom;
    private final String clientId;
    private final Screen screen;
    private volatile boolean closed;

    private Session(ChatOptions options, Identity identity, MqttLink link, String firstRoom, String clientId,
                    Screen screen) {
        this.options = options;
        this.identity = identity;
        this.link = link;
        this.firstRoom = firstRoom;
        this.clientId = clientId;
        this.screen = screen;
    }

    /** Signs in and connects; throws a {@link CliException} saying what went wrong. */
    static Session open(ChatOptions options, Screen screen, MqttLink.Listener listener) {
        Identity identity = Identity.resolve(options, screen);
        String room = options.room() != null ? options.room() : options.randomRoom() ? Ids.randomRoom()
                : askRoom(screen);
        String clientId = options.clientId() != null ? options.clientId() : Ids.clientId(identity.user());
        var link = new MqttLink(identity.mqtt(), clientId, listener, CaFile.trust(options.caFile()));
        var session = new Session(options, identity, link, room, clientId, screen);
        link.connect(identity.user(), identity.password(), session.presenceWill());
        return session;
    }

    private static String askRoom(Screen screen) {
        if (!screen.interactive()) {
            throw CliException.usage("give --room ROOM (or --random-room) when the input is not a terminal");
        }
        while (true) {
            String answer = screen.ask("Room to join (Enter for a new random room): ");
            if (answer == null) {
                throw new CliException(null, 0);
            }
            String room = answer.startsWith("#") ? answer.substring(1) : answer;
            if (room.isEmpty()) {
                return Ids.randomRoom();
            }
            if (Ids.isRoom(room)) {
                return room;
            }
            screen.warn("a room id is lower-case letters, digits, - and _ (at most 64), e.g. general");
        }
    }

    String user() {
        return identity.user();
    }

    String firstRoom() {
        return firstRoom;
    }

    boolean hasHistory() {
        return identity.api() != null;
    }

    ServerApi api() {
        return identity.api();
    }

    /** The messages topic of a room or a direct conversation ({@link Conversations}). */
    String topic(String key) {
        if (Conversations.isDm(key)) {
            String[] users = key.substring("dm:".length()).split(":", 2);
            return identity.prefix() + "/dm/" + users[0] + "/" + users[1] + "/messages";
        }
        return identity.prefix() + "/rooms/" + key + "/messages";
    }

    /**
     * On a plain broker, where each client publishes its own presence, follows everyone's and announces this user's.
     * A Parley server publishes presence itself, per room: {@link #subscribeRoom} follows each room's and each direct
     * conversation partner's, so a client learns of the people it can see only.
     */
    void subscribePresence() {
        if (options.brokerMode()) {
            link.subscribe(identity.prefix() + "/presence/+").join();
            link.publish(identity.prefix() + "/presence/" + user(), presence("online"), true);
        }
    }

    /**
     * Subscribes to a room and, on a Parley server, to its meta (the room's name) and to who is in it; a direct
     * conversation needs no subscription for its messages ({@link #subscribeDirectMessages} covers all), only for
     * its partner's presence.
     */
    void subscribeRoom(String key) {
        for (String filter : filtersOf(key)) {
            link.subscribe(filter).join();
        }
    }

    void unsubscribeRoom(String key) {
        for (String filter : filtersOf(key)) {
            link.unsubscribe(filter).join();
        }
    }

    private List<String> filtersOf(String key) {
        boolean server = hasHistory();
        if (Conversations.isDm(key)) {
            return server ? List.of(identity.prefix() + "/presence/" + Conversations.other(key, user())) : List.of();
        }
        return server ? List.of(topic(key), metaTopic(key), roomPresence(key)) : List.of(topic(key));
    }

    private String metaTopic(String room) {
        return identity.prefix() + "/rooms/" + room + "/meta";
    }

    private String roomPresence(String room) {
        return identity.prefix() + "/rooms/" + room + "/presence";
    }

    /** The room of a room presence topic, or null. */
    String presenceRoom(String topic) {
        String rooms = identity.prefix() + "/rooms/";
        String end = "/presence";
        if (!topic.startsWith(rooms) || !topic.endsWith(end) || topic.length() <= rooms.length() + end.length()) {
            return null;
        }
        String room = topic.substring(rooms.length(), topic.length() - end.length());
        return room.contains("/") ? null : room;
    }

    private String userEventsTopic() {
        return identity.prefix() + "/users/" + user() + "/events";
    }

    /** What the server tells this user alone (invitations to private rooms, removals); nothing on a plain broker. */
    void subscribeUserEvents() {
        if (hasHistory()) {
            link.subscribe(userEventsTopic()).join();
        }
    }

    /** Whether a topic is this user's events topic. */
    boolean isUserEvents(String topic) {
        return topic.equals(userEventsTopic());
    }

    /** The room of a meta topic, or null. */
    String metaRoom(String topic) {
        String rooms = identity.prefix() + "/rooms/";
        if (!topic.startsWith(rooms) || !topic.endsWith("/meta")) {
            return null;
        }
        String room = topic.substring(rooms.length(), topic.length() - "/meta".length());
        return Ids.isRoom(room) ? room : null;
    }

    /** Every direct message to or from this user, whoever starts the conversation. */
    void subscribeDirectMessages() {
        link.subscribe(identity.prefix() + "/dm/" + user() + "/+/messages").join();
        link.subscribe(identity.prefix() + "/dm/+/" + user() + "/messages").join();
    }

    /** The latest messages of a room, ascending; nothing without a Parley server. */
    List<JsonNode> latest(String room, int limit) {
        return hasHistory() ? identity.api().latest(room, limit).messages() : List.of();
    }

    /**
     * Every message after {@code seq}, page by page; retries while the server is (re)starting, for up to a minute.
     */
    List<JsonNode> missedSince(String room, long seq) {
        if (!hasHistory()) {
            return List.of();
        }
        long giveUp = System.currentTimeMillis() + CATCH_UP_GIVE_UP_MS;
        long wait = 250;
        var all = new ArrayList<JsonNode>();
        long after = Math.max(seq, 0);
        while (!closed) {
            try {
                ServerApi.Page page = seq < 0 ? identity.api().latest(room, 1) : identity.api().after(room, after, 500);
                all.addAll(page.messages());
                if (seq < 0 || !page.hasMore() || page.messages().isEmpty()) {
                    return all;
                }
                after = page.messages().get(page.messages().size() - 1).path("seq").asLong();
            } catch (CliException e) {
                if (System.currentTimeMillis() > giveUp) {
                    screen.warn("could not fetch the messages missed in #" + room + ": " + e.getMessage());
                    return all;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(wait); // backoff while the web server comes back
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return all;
                }
                wait = Math.min(wait * 2, 4000);
            }
        }
        return all;
    }

    /**
     * Publishes a text, answering {@code replyTo} when it is not null; with a Parley server the server stamps sender
     * and time, on a plain broker we do.
     */
    CompletableFuture<Void> publish(String room, String id, String text, String replyTo) {
        ObjectNode envelope = ChatClient.JSON.createObjectNode().put("v", 1).put("id", id);
        envelope.put("type", "text").put("text", text);
        if (replyTo != null) {
            envelope.put("replyTo", replyTo);
        }
        return publishEnvelope(room, envelope);
    }

    /** Publishes a sealed text ({@code type: e2e}) to an end-to-end encrypted room of the Parley server. */
    CompletableFuture<Void> publishSealed(String room, String id, ObjectNode e2e, String replyTo) {
        ObjectNode envelope = ChatClient.JSON.createObjectNode().put("v", 1).put("id", id).put("type", "e2e");
        envelope.set("e2e", e2e);
        if (replyTo != null) {
            envelope.put("replyTo", replyTo);
        }
        return publishEnvelope(room, envelope);
    }

    /** Publishes an envelope as it is (a message or an event); on a plain broker stamped by us. */
    CompletableFuture<Void> publishEnvelope(String room, ObjectNode envelope) {
        if (options.brokerMode()) {
            envelope.put("room", room).put("from", user()).put("client", clientId)
                    .put("ts", System.currentTimeMillis());
        }
        return link.publish(topic(room), envelope.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    /** The user of a presence topic, or null. */
    String presenceUser(String topic) {
        String start = identity.prefix() + "/presence/";
        return topic.startsWith(start) ? topic.substring(start.length()) : null;
    }

    /** The room or direct conversation ({@link Conversations}) of a messages topic, or null. */
    String roomOf(String topic) {
        String rooms = identity.prefix() + "/rooms/";
        String dms = identity.prefix() + "/dm/";
        if (!topic.endsWith("/messages")) {
            return null;
        }
        if (topic.startsWith(rooms)) {
            return topic.substring(rooms.length(), topic.length() - "/messages".length());
        }
        if (topic.startsWith(dms)) {
            String[] users = topic.substring(dms.length(), topic.length() - "/messages".length()).split("/", -1);
            return users.length == 2 ? Conversations.dm(users[0], users[1]) : null;
        }
        return null;
    }

    /** The envelope of a received payload (a plain-text payload from a generic tool becomes a text envelope). */
    JsonNode envelope(String room, byte[] payload) {
        JsonNode node = ChatClient.parse(payload);
        if (node == null) {
            return ChatClient.plainText(room, payload);
        }
        if (!node.has("room") && node instanceof ObjectNode object) {
            object.put("room", room);
        }
        return node;
    }

    /** How others join this room. */
    String invite(String room) {
        if (Conversations.isDm(room)) {
            return "a direct conversation has no invitation";
        }
        if (options.brokerMode()) {
            return "parley chat --broker " + options.broker() + " --prefix " + identity.prefix() + " --room " + room;
        }
        return "parley chat --server " + ServerApi.normalize(options.server()) + " --room " + room;
    }

    /** The room in the web client, or null without a Parley server. */
    String webLink(String room) {
        return options.brokerMode() ? null : ServerApi.normalize(options.server()) + "/#/r/" + room;
    }

    /**
     * Says how others join the room: the command, and the browser link when there is a server. {@code title} is how
     * the room is shown ({@code #plans “Q3 plans”}).
     */
    void announce(String room, String title, String what) {
        screen.notice(what + " " + title + ". Invite others: " + invite(room));
        if (webLink(room) != null) {
            screen.notice("  or in a browser: " + webLink(room));
        }
    }

    void banner(String room, String title) {
        if (options.brokerMode()) {
            screen.notice("Connected to " + options.broker() + " as " + user() + " (client " + clientId
                    + "), topic prefix " + identity.prefix() + ".");
        } else {
            screen.notice("Connected to " + identity.serverName() + " at " + ServerApi.normalize(options.server())
                    + " as " + user() + " (client " + clientId + ").");
        }
        announce(room, title, "You are in");
        screen.notice("Type a message and press Enter. /help lists the commands; Ctrl-D quits.");
    }

    private Mqtt5Publish presenceWill() {
        if (!options.brokerMode()) {
            return null; // a Parley server publishes presence itself
        }
        return Mqtt5Publish.builder().topic(identity.prefix() + "/presence/" + user()).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).payload(presence("offline")).build();
    }

    private byte[] presence(String status) {
        return ChatClient.JSON.createObjectNode().put("user", user()).put("status", status)
                .put("since", System.currentTimeMillis()).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (options.brokerMode() && link.isConnected()) {
            try {
                link.publish(identity.prefix() + "/presence/" + user(), presence("offline"), true)
                        .get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the will says offline if this did not get through
            }
        }
        link.close();
    }
}
