package chat.parley.broker;

import chat.parley.chat.ChatTopic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import chat.parley.chat.Envelope;
import chat.parley.history.MessageStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import chat.parley.chat.Topics;
import org.slf4j.LoggerFactory;

/**
 * What a trusted web node publishes into the chat namespace: stored by the node before it publishes (or, for room meta
 * and user events, nothing to store), so it goes to the subscribers as it is. A membership removal the node announces
 * on the removed user's events narrows that user's deliveries at once, as a removal made inside this broker's process
 * does ({@link ReadFilters#rightsShrank}). On {@link Topics#nodeCommands()} the node asks for what only the broker can
 * do ({@link ClientControl#run}); that is not delivered. Those who must hear of every chat message the broker carries,
 * whoever stored it (Web Push: only the broker knows who is connected), hear of the node's too ({@link #onMessage}).
 */
final class NodePublishes {

    private final String commands;
    private final ObjectMapper json;
    private final Consumer<String> rightsShrank;
    private final ClientControl control;
    private final List<Consumer<MessageStore.Appended>> messageListeners = new CopyOnWriteArrayList<>();

    NodePublishes(Topics topics, ObjectMapper json, Consumer<String> rightsShrank, ClientControl control) {
        this.commands = topics.nodeCommands();
        this.json = json;
        this.rightsShrank = rightsShrank;
        this.control = control;
    }

    /** Adds one who hears of each chat message a node publishes (stored by the node), on the broker's thread. */
    void onMessage(Consumer<MessageStore.Appended> listener) {
        messageListeners.add(listener);
    }

    /**
     * Called for each publish of a node, before it is delivered.
     *
     * @return whether to deliver it (false for a command)
     */
    boolean published(String topicName, ChatTopic topic, ByteBuffer payload) {
        if (topicName.equals(commands)) {
            try {
                control.run(json.readTree(bytes(payload)));
            } catch (IOException e) {
                LoggerFactory.getLogger(NodePublishes.class).warn("a web node sent a command that is not JSON");
            }
            return false;
        }
        if (topic instanceof ChatTopic.UserEvents events) {
            narrowOnRemoval(events, payload);
        } else if (!messageListeners.isEmpty()
                && (topic instanceof ChatTopic.RoomMessages || topic instanceof ChatTopic.DirectMessages)) {
            heard(payload);
        }
        return true;
    }

    private static byte[] bytes(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    private void heard(ByteBuffer payload) {
        String text = new String(bytes(payload), StandardCharsets.UTF_8);
        try {
            var appended = new MessageStore.Appended(json.readValue(text, Envelope.class), text, false);
            messageListeners.forEach(listener -> listener.accept(appended));
        } catch (IOException e) {
            // a node publishes the envelopes it stored; anything else is delivered as it is and heard by nobody
        }
    }

    private void narrowOnRemoval(ChatTopic.UserEvents events, ByteBuffer payload) {
        try {
            JsonNode event = json.readTree(bytes(payload));
            if ("membership".equals(event.path("type").asText()) && "removed".equals(event.path("change").asText())
                    && events.user().equals(event.path("user").asText())) {
                rightsShrank.accept(events.user());
            }
        } catch (IOException e) {
            // a node publishes JSON it made itself; anything else is delivered as it is and changes no rights
        }
    }
}
