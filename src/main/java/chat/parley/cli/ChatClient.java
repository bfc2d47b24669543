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
    private static final int PASSPHRASE_TRIES = 3;
    static final ObjectMapper JSON = new ObjectMapper();

    private final ChatOptions options;
    private final Screen screen;
    private final PrintStream err;
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-chat-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final OnlineUsers online = new OnlineUsers();
    private final Set<String> sentIds = ConcurrentHashMap.newKeySet();
    private final Object connectedLock = new Object();
    private final RoomFeeds feeds = new RoomFeeds(this::showLive);
    private final MessageMemory memory = new MessageMemory();
    private final RoomTitles titles = new RoomTitles();

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
                public void message(String topic, byte[] payload, boolean retained) {
                    onMessage(topic, payload, retained);
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
            session.subscribeUserEvents();
            learnTitle(session.firstRoom());
            session.banner(session.firstRoom(), title(session.firstRoom()));
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

    /**
     * The lock of an end-to-end encrypted room, or null for a plain one. Without {@code --key}/{@code --passphrase} a
     * terminal asks for the passphrase, again after a wrong one (three tries); a wrong secret given on the command
     * line ends the run: nothing is sent with a key that is not the room's.
     */
    private RoomLock unlock(String first) {
        if (!session.hasHistory()) {
            return null;
        }
        RoomSecret given = options.secret();
        if (given != null) {
            return opened(first, RoomLock.open(session.api(), first, session.user(), given)
                    .orElseThrow(() -> new CliException(wrong(first, given))));
        }
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
        for (int tries = 1; ; tries++) {
            String answer = screen.askSecret("#" + first + " is end-to-end encrypted. Passphrase: ");
            if (answer == null || answer.isEmpty()) {
                throw new CliException(null, 0);
            }
            RoomSecret secret = RoomSecret.ofPassphrase(answer);
            var lock = RoomLock.open(session.api(), first, session.user(), secret);
            if (lock.isPresent()) {
                return opened(first, lock.get());
            }
            if (tries == PASSPHRASE_TRIES) {
                throw new CliException(wrong(first, secret));
            }
            screen.warn(wrong(first, secret) + "; try again");
        }
    }

    private static String wrong(String room, RoomSecret secret) {
        return (secret.key() != null ? "wrong key" : "wrong passphrase") + " for #" + room
                + ": it does not open the room (nothing was sent)";
    }

    private RoomLock opened(String room, RoomLock lock) {
        screen.notice("#" + room + " is end-to-end encrypted: the key stays here, the server sees only ciphertext.");
        return lock;
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
        online.leftRoom(key);
        if (Conversations.isDm(key)) {
            online.user(Conversations.other(key, session.user()), null); // their presence is no longer followed
        }
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

    java.util.SortedMap<String, String> presence() {
        return online.snapshot();
    }

    /** How a room is shown: {@code #plans “Q3 plans”} when it has a name, {@code #plans} or {@code @bob} else. */
    String title(String room) {
        return titles.title(room, session.user());
    }

    RoomTitles titles() {
        return titles;
    }

    /** Asks the server for a room's name (its meta topic brings later changes). */
    private void learnTitle(String room) {
        if (!session.hasHistory() || Conversations.isDm(room)) {
            return;
        }
        try {
            titles.fromSummaries(List.of(room), session.api().rooms(List.of(room)));
        } catch (CliException e) {
            // the room is shown by its id until its meta arrives
        }
    }

    /** Subscribes to a room, shows its latest messages (in a terminal) and makes it the current room. */
    void join(String newRoom) {
        learnTitle(newRoom);
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
            // not echoed back, but /edit can name it and lines about it quote it
            memory.observe(envelope.path("room").asText(""), revealed(envelope));
            return; // piped lines are not echoed back
        }
        show(envelope);
    }

    /** An envelope as it is shown: opened when it is sealed in the encrypted room (see {@link RoomLock#reveal}). */
    private JsonNode revealed(JsonNode received) {
        RoomLock current = lock;
        return current != null && current.room().equals(received.path("room").asText("")) ? current.reveal(received)
                : received;
    }

    /** Prints an envelope: a chat line, or its JSON with {@code --json}. */
    void show(JsonNode received) {
        String of = received.path("room").asText("");
        JsonNode envelope = revealed(received);
        if (options.json()) {
            screen.print(new AttributedString(envelope.toString()));
        } else if (memory.carries(of, envelope)) {
            return; // the history shown on joining lists an edit or a reaction after the message that already shows it
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

    private void onMessage(String topic, byte[] payload, boolean retained) {
        Session s = session;
        if (s == null) {
            return;
        }
        if (s.isUserEvents(topic)) {
            onMine(parse(payload));
            return;
        }
        String metaRoom = s.metaRoom(topic);
        if (metaRoom != null) {
            titles.fromMeta(metaRoom, parse(payload), retained, s.user())
                    .ifPresent(line -> screen.print(Lines.notice("-- " + line)));
            return;
        }
        String presenceUser = s.presenceUser(topic);
        if (presenceUser != null) {
            JsonNode body = parse(payload);
            online.user(presenceUser, body == null ? null : body.path("status").asText("offline"));
            return;
        }
        String presenceRoom = s.presenceRoom(topic);
        if (presenceRoom != null) {
            JsonNode digest = parse(payload);
            if (digest != null) {
                online.roomDigest(presenceRoom, digest);
            }
            return;
        }
        String messageRoom = s.roomOf(topic);
        if (messageRoom != null) {
            if (Conversations.isDm(messageRoom) && !feeds.rooms().contains(messageRoom)) {
                feeds.add(messageRoom); // someone starts a conversation: it shows up without a /dm first
                background.execute(() -> s.subscribeRoom(messageRoom)); // and so does their presence
            }
            feeds.live(messageRoom, s.envelope(messageRoom, payload));
        }
    }

    /** Something the server told me alone: an invitation to a private room, or that I am out of one. */
    private void onMine(JsonNode event) {
        String me = session.user();
        String room = event == null ? null : event.path("room").asText(null);
        MembershipNotices.of(event, me, titles, room != null && feeds.has(room)).ifPresent(notice -> {
            notice.line().ifPresent(line -> screen.print(new AttributedString(line)));
            if (notice.leave()) {
                background.execute(() -> stopFollowing(notice.room())); // unsubscribing waits: not on MQTT's thread
            }
        });
    }

    /** Stops following a room I am no longer in, and says where I am now. */
    private void stopFollowing(String gone) {
        boolean wasCurrent = gone.equals(room);
        if (!leave(gone)) { // it was the only room
            session.unsubscribeRoom(gone);
            feeds.remove(gone);
            screen.print(new AttributedString("/join ROOM to go on chatting."));
        } else if (wasCurrent) {
            screen.print(new AttributedString("You are in " + title(room) + "."));
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
            online.clear(); // subscribing again delivers the presence of everyone in sight anew
            session.subscribePresence();
            session.subscribeDirectMessages();
            session.subscribeUserEvents();
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
