package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jline.utils.AttributedString;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The terminal chat client ({@code parley chat}): signs in the way the browser does, joins a room, prints what
 * arrives and sends what is typed, until {@code /quit}, Ctrl-D, Ctrl-C or the end of piped input. Its streams are
 * arguments, so tests drive it with buffers; {@link #run} returns the process exit code.
 *
 * <p>Piped (non-interactive) input sends each line and waits for its PUBACK, so exit code 0 means every line was
 * stored; the first refused line ends the run with exit code 1.
 */
public final class ChatClient {

    static final int JOIN_HISTORY = 10;
    static final int DEFAULT_HISTORY = 20;
    private static final long SEND_TIMEOUT_SECONDS = 30;
    static final ObjectMapper JSON = new ObjectMapper();

    private final ChatOptions options;
    private final Screen screen;
    private final PrintStream err;
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-chat-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> presence = new ConcurrentHashMap<>();
    private final Set<String> sentIds = ConcurrentHashMap.newKeySet();
    private final Object connectedLock = new Object();
    private final RoomFeeds feeds = new RoomFeeds(this::showLive);
    private final MessageMemory memory = new MessageMemory();

    private volatile Session session;
    private volatile String room;
    private volatile Lines lines = new Lines("?", ZoneId.systemDefault());
    private volatile boolean connected;
    private volatile RoomLock lock;

    /** A client on plain streams: piped input, scripts and tests. */
    public ChatClient(ChatOptions options, InputStream in, PrintStream out, PrintStream err) {
        this(options, new StreamScreen(in, out, err), err);
    }

    ChatClient(ChatOptions options, Screen screen, PrintStream err) {
        this.options = options;
        this.screen = screen;
        this.err = err;
    }

    /** Runs until the end of input or {@code /quit} and returns the exit code: 0, 1 (failure) or 2 (usage). */
    public int run() {
        try {
            session = Session.open(options, screen, new MqttLink.Listener() {
                @Override
                public void message(String topic, byte[] payload) {
                    onMessage(topic, payload);
                }

                @Override
                public void connected(boolean first) {
                    onConnected(first);
                }

                @Override
                public void disconnected(String why) {
                    setConnected(false);
                    screen.warn("connection lost (" + why + "); reconnecting…");
                }

                @Override
                public void removed(Instant bannedUntil) {
                    setConnected(false);
                    screen.warn(bannedUntil == null ? "disconnected by an administrator; reconnecting…"
                            : "banned until " + Lines.clock(bannedUntil, ZoneId.systemDefault()) + "; reconnecting then");
                }
            });
            lines = new Lines(session.user(), ZoneId.systemDefault());
            setConnected(true);
            session.subscribePresence();
            session.subscribeDirectMessages();
            session.banner(session.firstRoom());
            lock = unlock(session.firstRoom());
            join(session.firstRoom());
            return loop();
        } catch (CliException e) {
            if (e.getMessage() != null) {
                err.println("parley: " + e.getMessage());
                err.flush();
            }
            return e.exitCode();
        } finally {
            quit();
        }
    }

    /** Disconnects cleanly; safe to call more than once and from a signal handler. */
    public void quit() {
        Session s = session;
        if (s != null) {
            s.close();
        }
        background.shutdownNow();
        screen.close();
    }

    /** The lock of an end-to-end encrypted room (asking for its passphrase in a terminal), or null for a plain one. */
    private RoomLock unlock(String first) {
        if (!session.hasHistory()) {
            return null;
        }
        RoomSecret secret = options.secret();
        if (secret == null) {
            JsonNode meta;
            try {
                meta = session.api().roomMeta(first);
            } catch (CliException e) {
                return null; // a server without encrypted rooms
            }
            if (!meta.path("encrypted").asBoolean(false)) {
                return null;
            }
            if (!screen.interactive()) {
                throw CliException.usage("#" + first + " is end-to-end encrypted: give --key KEY or --passphrase");
            }
            String answer = screen.askSecret("#" + first + " is end-to-end encrypted. Passphrase: ");
            if (answer == null || answer.isEmpty()) {
                throw new CliException(null, 0);
            }
            secret = RoomSecret.ofPassphrase(answer);
        }
        RoomLock opened = RoomLock.open(session.api(), first, session.user(), secret);
        screen.notice("#" + first + " is end-to-end encrypted: the key stays here, the server sees only ciphertext.");
        return opened;
    }

    private int loop() {
        var commands = new Commands(this, session, screen);
        while (true) {
            String line = screen.readLine(prompt());
            if (line == null) {
                screen.notice("bye");
                return 0;
            }
            Commands.Outcome outcome = commands.handle(line);
            if (outcome == Commands.Outcome.QUIT) {
                screen.notice("bye");
                return 0;
            }
            if (outcome == Commands.Outcome.FAILED && !screen.interactive()) {
                return 1;
            }
        }
    }

    private String prompt() {
        return Conversations.label(room, session.user()) + "> ";
    }

    /** Stops following a room (or direct conversation) and moves to another joined one; false when it is the last. */
    boolean leave(String key) {
        List<String> others = feeds.rooms().stream().filter(r -> !r.equals(key)).toList();
        if (others.isEmpty()) {
            return false;
        }
        session.unsubscribeRoom(key);
        feeds.remove(key);
        if (key.equals(room)) {
            room = others.get(others.size() - 1);
        }
        return true;
    }

    String room() {
        return room;
    }

    RoomFeeds feeds() {
        return feeds;
    }

    Map<String, String> presence() {
        return new TreeMap<>(presence);
    }

    /** Subscribes to a room, shows its latest messages (in a terminal) and makes it the current room. */
    void join(String newRoom) {
        feeds.startSync(newRoom);
        session.subscribeRoom(newRoom);
        room = newRoom;
        List<JsonNode> recent = session.latest(newRoom, screen.interactive() ? JOIN_HISTORY : 1);
        feeds.finishSync(newRoom, recent, screen.interactive());
    }

    /**
     * Sends a text to the current room. In a terminal it returns at once and a refusal is shown when it comes; on
     * piped input it waits for the PUBACK and returns false when the message was not stored.
     */
    boolean send(String text) {
        return send(text, null);
    }

    /** Sends a text that answers the message {@code replyTo} (null: none); see {@link #send(String)}. */
    boolean send(String text, String replyTo) {
        String target = room;
        String id = Ids.messageId();
        return deliver(id, () -> publish(target, id, text, replyTo));
    }

    /**
     * Publishes an event about a message of the current room ({@code reaction}, {@code edit}, {@code delete}): the
     * fields besides {@code v}, {@code id} and {@code type}. An edit in an end-to-end encrypted room is sealed like a
     * message.
     */
    boolean sendEvent(String type, java.util.function.Consumer<ObjectNode> fields, String newText) {
        String target = room;
        String id = Ids.messageId();
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", id).put("type", type);
        fields.accept(envelope);
        if (newText != null) {
            RoomLock current = lock;
            if (current != null && current.room().equals(target)) {
                // sealed with the edited message's id: history keeps the new content in that message's row
                envelope.set("e2e", current.seal(envelope.path("target").asText(), newText));
            } else {
                envelope.put("text", newText);
            }
        }
        return deliver(id, () -> session.publishEnvelope(target, envelope));
    }

    private boolean deliver(String id,
                            java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> publish) {
        sentIds.add(id);
        if (!screen.interactive()) {
            if (!awaitConnected()) {
                screen.warn("not sent: no connection to the broker");
                return false;
            }
            try {
                publish.get().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                screen.warn(e.getCause().getMessage());
            } catch (TimeoutException e) {
                screen.warn("not sent: no PUBACK within " + SEND_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        if (!connected) {
            screen.warn("not sent: offline, reconnecting… (press ↑ to get the line back)");
            return false;
        }
        publish.get().whenComplete((ok, error) -> {
            if (error != null) {
                screen.warn((error.getCause() != null ? error.getCause() : error).getMessage());
            }
        });
        return true;
    }

    private java.util.concurrent.CompletableFuture<Void> publish(String target, String id, String text,
                                                                 String replyTo) {
        RoomLock current = lock;
        if (current != null && current.room().equals(target)) {
            return session.publishSealed(target, id, current.seal(id, text), replyTo);
        }
        return session.publish(target, id, text, replyTo);
    }

    /**
     * Publishes an uploaded file (the server's {@code type:"file"} answer) to the current room, with an optional
     * caption; see {@link #send(String)} for how a refusal is told.
     */
    boolean sendFile(JsonNode answer, String caption) {
        String target = room;
        String id = Ids.messageId();
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", id).put("type", "file");
        envelope.set("file", answer.path("file"));
        if (caption != null && !caption.isBlank()) {
            envelope.put("text", caption);
        }
        return deliver(id, () -> session.publishEnvelope(target, envelope));
    }

    /** The key of the current room when it is end-to-end encrypted, else null. */
    RoomLock currentLock() {
        RoomLock current = lock;
        return current != null && current.room().equals(room) ? current : null;
    }

    /**
     * Publishes a file of an end-to-end encrypted room: its description sealed, its upload ids in the clear
     * ({@code files}); see {@link #send(String)} for how a refusal is told.
     */
    boolean sendSealedFile(RoomLock current, ObjectNode file, String caption) {
        String target = room;
        String id = Ids.messageId();
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", id).put("type", "e2e");
        envelope.putArray("files").add(file.path("id").asText());
        envelope.set("e2e", current.sealFile(id, file, caption));
        return deliver(id, () -> session.publishEnvelope(target, envelope));
    }

    /** What this client knows of each conversation's latest messages, events folded in. */
    MessageMemory memory() {
        return memory;
    }

    private void showLive(JsonNode envelope) {
        if (!screen.interactive() && sentIds.contains(envelope.path("id").asText(""))) {
            memory.observe(envelope.path("room").asText(""), envelope); // not echoed back, but /edit can name it
            return; // piped lines are not echoed back
        }
        show(envelope);
    }

    /** Prints an envelope: a chat line, or its JSON with {@code --json}. */
    void show(JsonNode received) {
        RoomLock current = lock;
        String of = received.path("room").asText("");
        JsonNode envelope = current != null && current.room().equals(of) ? current.reveal(received) : received;
        if (options.json()) {
            screen.print(new AttributedString(envelope.toString()));
        } else {
            // what the line is about, as it stood before this envelope changes it
            String about = MessageMemory.isMessage(envelope) ? envelope.path("replyTo").asText(null)
                    : envelope.path("target").asText(null);
            JsonNode before = about == null ? null
                    : memory.find(of, about).<JsonNode>map(ObjectNode::deepCopy).orElse(null);
            screen.print(lines.message(envelope, room, before));
        }
        memory.observe(of, envelope);
    }

    private void onMessage(String topic, byte[] payload) {
        Session s = session;
        if (s == null) {
            return;
        }
        String presenceUser = s.presenceUser(topic);
        if (presenceUser != null) {
            JsonNode body = parse(payload);
            if (body == null || body.path("status").asText("offline").equals("offline")) {
                presence.remove(presenceUser);
            } else {
                presence.put(presenceUser, body.path("status").asText());
            }
            return;
        }
        String messageRoom = s.roomOf(topic);
        if (messageRoom != null) {
            if (Conversations.isDm(messageRoom)) {
                feeds.add(messageRoom); // someone starts a conversation: it shows up without a /dm first
            }
            feeds.live(messageRoom, s.envelope(messageRoom, payload));
        }
    }

    private void onConnected(boolean first) {
        if (first) {
            return;
        }
        List<String> rooms = feeds.rooms();
        rooms.forEach(feeds::startSync);
        setConnected(true);
        background.execute(() -> {
            int missed = 0;
            presence.clear(); // subscribing again delivers the retained presence of everyone online now
            session.subscribePresence();
            session.subscribeDirectMessages();
            for (String r : rooms) {
                session.subscribeRoom(r);
                missed += feeds.finishSync(r, session.missedSince(r, feeds.lastSeq(r)), true);
            }
            screen.warn("reconnected" + (session.hasHistory() ? "; " + missed + " missed message"
                    + (missed == 1 ? "" : "s") + " shown" : ""));
        });
    }

    private void setConnected(boolean value) {
        synchronized (connectedLock) {
            connected = value;
            connectedLock.notifyAll();
        }
    }

    private boolean awaitConnected() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
        synchronized (connectedLock) {
            while (!connected) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    connectedLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    static JsonNode parse(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** A JSON object from text, or null. */
    static JsonNode parseText(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A payload that is not a JSON object (a plain MQTT tool in broker mode) as a text envelope. */
    static ObjectNode plainText(String room, byte[] payload) {
        return JSON.createObjectNode().put("v", 1).put("room", room).put("type", "text")
                .put("text", new String(payload, StandardCharsets.UTF_8));
    }
}
