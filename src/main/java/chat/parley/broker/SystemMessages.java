package chat.parley.broker;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Stamp;
import chat.parley.chat.Topics;
import chat.parley.history.MessageStore;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Messages the server itself writes into a room (type {@code system}): stored like any other, so clients that catch
 * up by seq see them too, then published to the room's live subscribers.
 */
public final class SystemMessages {

    /** The {@code from} and {@code client} of every system message; clients show them by type, not by sender. */
    public static final String SENDER = "parley";

    private final Topics topics;
    private final MessageStore store;
    private final ServerPublisher out;

    SystemMessages(Topics topics, MessageStore store, ServerPublisher out) {
        this.topics = topics;
        this.store = store;
        this.out = out;
    }

    /**
     * Stores and publishes a system message.
     *
     * @param roomKey room id, or {@code dm:a:b}
     * @param text    what clients show
     * @param deletes the seq of a message that was removed, or {@code null}
     * @return the stored message, once it is stored and handed to the broker
     */
    public CompletableFuture<Envelope> post(String roomKey, String text, Long deletes) {
        return publish(store.append(Envelope.of(MessageRules.newId(), roomKey, stamp(),
                new Body.SystemNotice(text, deletes), null)));
    }

    /**
     * Deletes a message as an administrator: stores a {@code delete} event from {@value #SENDER} (the target becomes a
     * tombstone, whoever wrote it) and publishes it, so live clients drop the message like after its author deleted
     * it.
     *
     * @param roomKey room id, or {@code dm:a:b}
     * @param target  the id of the message to delete
     * @return the stored event; fails with a {@link chat.parley.chat.RefusedException} when the target is not a
     *         message of the room or already deleted
     */
    public CompletableFuture<Envelope> delete(String roomKey, String target) {
        return publish(store.appendAsAdmin(Envelope.of(MessageRules.newId(), roomKey, stamp(),
                new Body.Delete(target), null)));
    }

    private static Stamp stamp() {
        return new Stamp(SENDER, SENDER, System.currentTimeMillis());
    }

    private CompletableFuture<Envelope> publish(CompletableFuture<MessageStore.Appended> stored) {
        return stored.thenApply(appended -> {
            Envelope envelope = appended.envelope();
            out.publish(topics.messages(envelope.room()), appended.json().getBytes(StandardCharsets.UTF_8), false);
            return envelope;
        });
    }

    /**
     * Tells a room's live subscribers that an administrator deleted its history up to {@code lastSeq}: a system
     * message with {@code cleared: lastSeq}, published but not stored (the history stays empty), so open pages drop
     * those messages at once instead of at their next reload.
     */
    public void announceCleared(String roomKey, long lastSeq) {
        var notice = JsonNodeFactory.instance.objectNode()
                .put("v", Envelope.VERSION).put("id", MessageRules.newId()).put("room", roomKey)
                .put("from", SENDER).put("client", SENDER).put("ts", System.currentTimeMillis())
                .put("type", "system").put("text", "An administrator deleted the history of this room.")
                .put("cleared", lastSeq);
        out.publish(topics.messages(roomKey), notice.toString().getBytes(StandardCharsets.UTF_8), false);
    }
}
