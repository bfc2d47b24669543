package chat.parley.broker;

import chat.parley.chat.ChatTopic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * What a trusted web node publishes into the chat namespace: stored by the node before it publishes (or, for room meta
 * and user events, nothing to store), so it goes to the subscribers as it is. A membership removal the node announces
 * on the removed user's events narrows that user's deliveries at once, as a removal made inside this broker's process
 * does ({@link ReadFilters#rightsShrank}).
 */
final class NodePublishes {

    private final ObjectMapper json;
    private final Consumer<String> rightsShrank;

    NodePublishes(ObjectMapper json, Consumer<String> rightsShrank) {
        this.json = json;
        this.rightsShrank = rightsShrank;
    }

    /** Called for each publish of a node, before it is delivered. */
    void published(ChatTopic topic, ByteBuffer payload) {
        if (!(topic instanceof ChatTopic.UserEvents events)) {
            return;
        }
        try {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            JsonNode event = json.readTree(bytes);
            if ("membership".equals(event.path("type").asText()) && "removed".equals(event.path("change").asText())
                    && events.user().equals(event.path("user").asText())) {
                rightsShrank.accept(events.user());
            }
        } catch (IOException e) {
            // a node publishes JSON it made itself; anything else is delivered as it is and changes no rights
        }
    }
}
