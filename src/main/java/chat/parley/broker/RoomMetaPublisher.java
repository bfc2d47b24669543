package chat.parley.broker;

import chat.parley.accounts.RoomNames;
import chat.parley.chat.Topics;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.RoomMetaStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;

/**
 * Publishes what a room is, retained, QoS 1, on {@code {prefix}/rooms/{room}/meta} (only the server publishes there;
 * only those who may read the room receive it): its end-to-end encryption meta ({@link RoomMeta}, or
 * {@code "encrypted":false}) and its display name, if it has one:
 * <pre>{"room":"k7x2m9q4w8r5t","encrypted":false,"name":"Q3 plans"}</pre>
 * A client subscribed to the room's meta gets it when it subscribes and again at every change. The broker keeps
 * retained messages in memory, so every room's meta is published again at each start ({@link #publishAll}).
 */
public final class RoomMetaPublisher {

    private static final Logger log = LoggerFactory.getLogger(RoomMetaPublisher.class);

    private final Topics topics;
    private final ObjectMapper json;
    private final RoomMetaStore e2e;
    private final RoomNames names;
    private final ServerPublisher out;

    /** Publishes into the broker this code runs in. */
    public RoomMetaPublisher(Topics topics, ObjectMapper json, RoomMetaStore e2e, RoomNames names) {
        this(topics, json, e2e, names, ServerPublisher.IN_BROKER);
    }

    /** Publishes through {@code out} (a web node's connection to the broker). */
    public RoomMetaPublisher(Topics topics, ObjectMapper json, RoomMetaStore e2e, RoomNames names,
                             ServerPublisher out) {
        this.out = out;
        this.topics = topics;
        this.json = json;
        this.e2e = e2e;
        this.names = names;
    }

    /** Publishes the meta of every encrypted or named room, and from then on each room's after it changes. */
    public void publishAll() {
        var rooms = new HashSet<String>(names.all().keySet());
        e2e.all().forEach(meta -> rooms.add(meta.room()));
        rooms.forEach(this::publish);
        e2e.onChanged(meta -> publish(meta.room()));
        names.onChange(this::publish);
    }

    /** The meta JSON of a room as published. */
    public ObjectNode metaOf(String room) {
        ObjectNode node = e2e.get(room).map(meta -> meta.toJson(json))
                .orElseGet(() -> json.createObjectNode().put("room", room).put("encrypted", false));
        names.of(room).ifPresent(name -> node.put("name", name));
        return node;
    }

    /** Publishes one room's meta; call only while the broker runs. */
    public void publish(String room) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(metaOf(room));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode room meta", e);
        }
        try {
            out.publish(topics.roomMeta(room), payload, true);
        } catch (RuntimeException e) {
            // the change is stored: clients that subscribe after the next start get it
            log.warn("could not publish the meta of room {}: {}", room, e.toString());
        }
    }
}
