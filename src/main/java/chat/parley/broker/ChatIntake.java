package chat.parley.broker;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.FileCatalog;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Refusal;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import chat.parley.chat.Topics;
import chat.parley.history.MessageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one way a chat message gets in, whether a local client published it, the bridge brought it from another site,
 * or a bot, a webhook or a user posted it over HTTP: validate and stamp ({@link MessageRules}), store (which assigns
 * {@code seq} and drops a known id), count, and tell the accepted-message listeners (the bridge's outbox, outgoing
 * webhooks). Refusals are counted by reason. What did not come through a client's own publish is delivered to the
 * room's subscribers through the {@link ServerPublisher} once it is stored.
 */
public final class ChatIntake {

    private final Topics topics;
    private final MessageRules rules;
    private final MessageStore store;
    private final RefusalCounter refusals;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter storeFailures;
    private final java.util.List<Consumer<MessageStore.Appended>> acceptedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Predicate<String> encryptedRooms = room -> false;
    private volatile FileCatalog files = FileCatalog.NONE;
    private final ServerPublisher out;

    ChatIntake(Topics topics, MessageRules rules, MessageStore store, RefusalCounter refusals, MeterRegistry registry,
               ServerPublisher out) {
        this.topics = topics;
        this.out = out;
        this.rules = rules;
        this.store = store;
        this.refusals = refusals;
        this.accepted = Counter.builder("parley.messages.accepted")
                .description("Chat messages accepted from clients")
                .register(registry);
        this.duplicates = Counter.builder("parley.messages.duplicates")
                .description("Chat messages not stored or delivered again because their id was already stored")
                .register(registry);
        this.storeFailures = Counter.builder("parley.messages.store.failures")
                .description("Chat messages refused because the history store failed")
                .register(registry);
    }

    /**
     * Adds one who hears of every newly stored message (not duplicates), before the publish is acknowledged or
     * delivered. It runs on the store's commit thread and must be quick.
     */
    public void onAccepted(Consumer<MessageStore.Appended> listener) {
        acceptedListeners.add(Objects.requireNonNull(listener, "listener must not be null."));
    }

    /** Which rooms are end-to-end encrypted: they take only {@code e2e} messages. Set before the broker starts. */
    void encryptedRooms(Predicate<String> encrypted) {
        this.encryptedRooms = Objects.requireNonNull(encrypted, "encrypted must not be null.");
    }

    /** Where file messages find the files they name. Set before the broker starts. */
    void files(FileCatalog catalog) {
        this.files = Objects.requireNonNull(catalog, "catalog must not be null.");
    }

    /**
     * Validates and stamps a payload a local client published to a room or DM (see {@link MessageRules}); an
     * encrypted room takes only e2e messages; a file message's {@code file} is what the server knows of the upload it
     * names, which must be the sender's, in this room.
     */
    Envelope validate(String roomKey, ByteBuffer payload, Stamp stamp) throws RefusedException {
        return resolveFile(requireCiphertext(rules.toEnvelope(roomKey, payload, stamp)));
    }

    private Envelope resolveFile(Envelope envelope) throws RefusedException {
        if (envelope.body() instanceof Body.File file && file.file().has("id")) {
            return envelope.withBody(new Body.File(files.resolve(envelope.room(), envelope.from(),
                    file.file().path("id").asText()), file.text()));
        }
        if (envelope.body() instanceof Body.Sealed sealed && !sealed.files().isEmpty()) {
            files.requireOwn(envelope.room(), envelope.from(), sealed.files());
        }
        return envelope;
    }

    /** In an encrypted room nothing readable gets in: messages and edits are sealed; reactions and deletes pass. */
    private Envelope requireCiphertext(Envelope envelope) throws RefusedException {
        if (envelope.body().plaintext() && encryptedRooms.test(envelope.room())) {
            throw new RefusedException(Refusal.PLAINTEXT_IN_ENCRYPTED_ROOM, "room '" + envelope.room()
                    + "' is end-to-end encrypted: only e2e messages and sealed edits are accepted (docs/e2e.md)");
        }
        return envelope;
    }

    /** Validates a typing signal and returns the stamped JSON the subscribers receive. */
    byte[] typingSignal(String room, ByteBuffer payload, Stamp stamp) throws RefusedException {
        return rules.typingSignal(room, payload, stamp);
    }

    /**
     * Stores a validated message. The future completes on the store's commit thread (a hop to another thread per
     * message costs fan-out latency under load) with the append result, after the accepted-message listener ran; it
     * fails when the store failed, and with a {@link RefusedException} (see {@link #refusal}) when the room's history
     * refuses it (an event whose target is missing, or someone else's). Whatever is chained to it must be quick.
     */
    CompletableFuture<MessageStore.Appended> store(Envelope envelope) {
        return store.append(envelope).handle((appended, error) -> {
            if (error != null) {
                if (refusal(error) == null) {
                    storeFailures.increment();
                }
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            if (appended.duplicate()) {
                duplicates.increment();
            } else {
                accepted.increment();
                for (Consumer<MessageStore.Appended> listener : acceptedListeners) {
                    try {
                        listener.accept(appended);
                    } catch (RuntimeException e) { // the message is stored: a listener's trouble must not refuse it
                        LoggerFactory.getLogger(ChatIntake.class).warn("after storing a message: {}", e.toString());
                    }
                }
            }
            return appended;
        });
    }

    /** The refusal a failed store future carries, or {@code null} when the store itself failed. */
    public static RefusedException refusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RefusedException refused ? refused : null;
    }

    /**
     * Validates a message that arrived through the bridge like a local publish and stamps it as bridged (see
     * {@link MessageRules#toBridgedEnvelope}); a refusal is counted by reason.
     *
     * @param room   the local room id
     * @param client what to stamp as {@code client}
     */
    public Envelope validateBridged(String room, ByteBuffer payload, String client) throws RefusedException {
        try {
            return keptElsewhere(requireCiphertext(rules.toBridgedEnvelope(room, payload, client,
                    System.currentTimeMillis())));
        } catch (RefusedException e) {
            refusals.refused(e.refusal(), client, topics.roomMessages(room), e.getMessage());
            throw e;
        }
    }

    /**
     * A file message from another site names that site's upload: unless this site holds a file of that id in the room,
     * its {@code file} says where the file is kept ({@code elsewhere}: the site's id), and readers here are shown its
     * name and size without a link.
     */
    private Envelope keptElsewhere(Envelope envelope) {
        if (envelope.body() instanceof Body.File file && file.file().has("id")
                && !files.holds(envelope.room(), file.file().path("id").asText())) {
            var described = ((com.fasterxml.jackson.databind.node.ObjectNode) file.file().deepCopy())
                    .put("elsewhere", envelope.origin());
            described.remove(java.util.List.of("url", "thumb"));
            return envelope.withBody(new Body.File(described, file.text()));
        }
        return envelope;
    }

    /**
     * Stores a validated bridged message, then delivers it to the room's local subscribers. A known id is neither
     * stored nor delivered again. An event the room's history refuses (a missing target, an edit by another
     * {@code from@origin}) fails the future with a {@link RefusedException}, counted like a local refusal.
     */
    public CompletableFuture<MessageStore.Appended> storeBridged(Envelope envelope) {
        return storeAndDeliver(envelope);
    }

    /**
     * Validates and stamps a payload posted over HTTP like a local publish (an envelope when it starts with
     * {@code {}, else plain text); a refusal is counted by reason.
     */
    public Envelope validatePosted(String roomKey, ByteBuffer payload, Stamp stamp) throws RefusedException {
        try {
            return validate(roomKey, payload, stamp);
        } catch (RefusedException e) {
            refused(e, stamp.client(), roomKey);
            throw e;
        }
    }

    /** Validates and stamps a plain-text payload posted over HTTP, whatever its first character; counted if refused. */
    public Envelope validatePostedText(String roomKey, ByteBuffer text, Stamp stamp) throws RefusedException {
        try {
            return requireCiphertext(rules.toTextEnvelope(roomKey, text, stamp));
        } catch (RefusedException e) {
            refused(e, stamp.client(), roomKey);
            throw e;
        }
    }

    /** Counts (and logs) a refusal decided outside the intake, e.g. a post over its rate limit. */
    public void refused(RefusedException e, String client, String roomKey) {
        refusals.refused(e.refusal(), client, topics.messages(roomKey), e.getMessage());
    }

    /**
     * Stores a validated message that did not come through a client's own publish (the bridge, a post over HTTP),
     * then delivers it to the room's subscribers. A known id is neither stored nor delivered again (the future then
     * has the stored copy). What the room's history refuses fails the future with a {@link RefusedException},
     * counted by reason. The future completes once the message is stored and handed to the broker.
     */
    public CompletableFuture<MessageStore.Appended> storeAndDeliver(Envelope envelope) {
        return store(envelope).whenComplete((appended, error) -> {
            RefusedException refused = error == null ? null : refusal(error);
            if (refused != null) {
                refusals.refused(refused.refusal(), envelope.client(), topics.messages(envelope.room()),
                        refused.getMessage());
            }
        }).thenApply(appended -> {
            if (!appended.duplicate()) {
                out.publish(topics.messages(envelope.room()), appended.json().getBytes(StandardCharsets.UTF_8), false);
            }
            return appended;
        });
    }
}
