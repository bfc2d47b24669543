package chat.parley.broker;

import chat.parley.accounts.MembershipChange;
import chat.parley.accounts.RoomNames;
import chat.parley.chat.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;

/**
 * Tells users what changed for them alone, on {@code {prefix}/users/{user}/events} (QoS 1, not retained: a client
 * that was offline asks {@code GET /api/private-rooms} when it connects). Only that user may read the topic
 * ({@link ReadPolicy}) and only the server publishes there. A change of a private room's members goes to the member
 * it concerns and to every member after it:
 * <pre>{"type":"membership","room":"plans","user":"bob","change":"invited","by":"alice",
 *  "members":["alice","bob"],"owner":"alice","name":"Q3 plans","ts":1764160000000}</pre>
 * {@code change} is {@code created}, {@code invited} or {@code removed}; a removed member is not told who is left.
 */
final class UserEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(UserEventPublisher.class);

    private final Topics topics;
    private final ObjectMapper json;
    private final RoomNames names;
    private final ServerPublisher out;

    UserEventPublisher(Topics topics, ObjectMapper json, RoomNames names, ServerPublisher out) {
        this.out = out;
        this.topics = topics;
        this.json = json;
        this.names = names;
    }

    void membershipChanged(MembershipChange change) {
        ObjectNode event = json.createObjectNode().put("type", "membership").put("room", change.room())
                .put("user", change.user()).put("change", change.kind().label()).put("by", change.by());
        names.of(change.room()).ifPresent(name -> event.put("name", name));
        event.put("ts", System.currentTimeMillis());
        ObjectNode withMembers = event.deepCopy();
        withMembers.putArray("members").addAll(change.members().stream().map(json.getNodeFactory()::textNode)
                .toList());
        withMembers.put("owner", change.owner());
        var told = new LinkedHashSet<String>();
        told.add(change.user());
        told.addAll(change.members());
        for (String user : told) {
            publish(user, change.members().contains(user) ? withMembers : event);
        }
    }

    private void publish(String user, ObjectNode event) {
        try {
            out.publish(topics.userEvents(user), json.writeValueAsBytes(event), false);
        } catch (JsonProcessingException | RuntimeException e) {
            // the change is stored; the user's clients see it when they next connect
            log.warn("could not tell {} about a change of room {}: {}", user, event.path("room").asText(),
                    e.toString());
        }
    }
}
