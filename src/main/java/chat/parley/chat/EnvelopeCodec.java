package chat.parley.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link Envelope}: one flat object, fields in the order envelopes have always had
 * ({@code v,id,room,seq,from,client,ts,type,text,replyTo,file,e2e,deletes}, then the event fields, {@code via},
 * {@code origin}, {@code bot} (only when true), {@code sentAt}), absent fields left out. History state
 * ({@link MessageState}) follows as {@code edited}, {@code reactions}, {@code replies}, {@code rev}. Reading is lenient
 * (it reads what this server stored); the rules for what clients may send are {@link MessageRules}'.
 */
public final class EnvelopeCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EnvelopeCodec() {
    }

    /** The envelope as a JSON object. */
    public static ObjectNode toJson(Envelope e) {
        ObjectNode node = NODES.objectNode();
        node.put("v", e.v());
        node.put("id", e.id());
        node.put("room", e.room());
        if (e.seq() != null) {
            node.put("seq", e.seq());
        }
        node.put("from", e.from());
        node.put("client", e.client());
        node.put("ts", e.ts());
        Body body = e.body();
        node.put("type", body.type());
        putIfPresent(node, "text", body.text());
        putIfPresent(node, "replyTo", e.replyTo());
        if (body instanceof Body.File file) {
            node.set("file", file.file());
        } else if (body instanceof Body.Sealed sealed) {
            node.set("e2e", sealed.e2e());
            if (!sealed.files().isEmpty()) {
                sealed.files().forEach(node.putArray("files")::add);
            }
        } else if (body instanceof Body.SystemNotice notice && notice.deletes() != null) {
            node.put("deletes", notice.deletes());
        } else if (body instanceof Body.Reaction reaction) {
            node.put("target", reaction.target()).put("emoji", reaction.emoji()).put("op", reaction.op());
        } else if (body instanceof Body.Edit edit) {
            node.put("target", edit.target());
            if (edit.e2e() != null) {
                node.set("e2e", edit.e2e());
            }
        } else if (body instanceof Body.Delete delete) {
            node.put("target", delete.target());
        } else if (body instanceof Body.Removed removed) {
            putIfPresent(node, "target", removed.target());
            node.put("deleted", true);
        }
        putIfPresent(node, "via", e.via());
        putIfPresent(node, "origin", e.origin());
        if (e.bot()) {
            node.put("bot", true);
        }
        if (e.sentAt() != null) {
            node.put("sentAt", e.sentAt());
        }
        MessageState state = e.state();
        if (state != null) {
            if (state.edited() != null) {
                node.put("edited", state.edited());
            }
            ObjectNode reactions = node.putObject("reactions");
            state.reactions().forEach((emoji, users) -> users.forEach(reactions.putArray(emoji)::add));
            node.put("replies", state.replies());
            node.put("rev", state.rev());
        }
        return node;
    }

    /** An envelope from its JSON object (as stored or delivered). */
    public static Envelope fromJson(JsonNode node) {
        String type = text(node, "type", "text");
        Body body = node.path("deleted").asBoolean(false) ? new Body.Removed(type, text(node, "target", null))
                : body(type, node);
        JsonNode seq = node.get("seq");
        MessageState state = null;
        if (node.has("rev")) {
            Map<String, List<String>> reactions = new LinkedHashMap<>();
            node.path("reactions").properties().forEach(entry -> {
                var users = new java.util.ArrayList<String>();
                entry.getValue().forEach(user -> users.add(user.asText()));
                reactions.put(entry.getKey(), users);
            });
            JsonNode edited = node.get("edited");
            state = new MessageState(edited == null ? null : edited.asLong(), reactions,
                    node.path("replies").asInt(0), node.path("rev").asLong());
        }
        return new Envelope(node.path("v").asInt(Envelope.VERSION), text(node, "id", null), text(node, "room", null),
                seq == null || seq.isNull() ? null : seq.asLong(), text(node, "from", null),
                text(node, "client", null), node.path("ts").asLong(), body, text(node, "replyTo", null),
                text(node, "via", null), text(node, "origin", null), state, node.path("bot").asBoolean(false),
                node.path("sentAt").canConvertToLong() ? node.path("sentAt").asLong() : null);
    }

    private static Body body(String type, JsonNode node) {
        String text = text(node, "text", null);
        String target = text(node, "target", null);
        JsonNode e2e = node.get("e2e");
        return switch (type) {
            case "file" -> new Body.File(node.path("file"), text);
            case "e2e" -> new Body.Sealed(e2e == null ? NODES.objectNode() : e2e, fileIds(node.get("files")));
            case "system" -> new Body.SystemNotice(text, node.hasNonNull("deletes") ? node.get("deletes").asLong()
                    : null);
            case "reaction" -> new Body.Reaction(target, text(node, "emoji", null), text(node, "op", null));
            case "edit" -> new Body.Edit(target, text, e2e);
            case "delete" -> new Body.Delete(target);
            default -> new Body.Text(text == null ? "" : text);
        };
    }

    private static List<String> fileIds(JsonNode files) {
        var ids = new java.util.ArrayList<String>();
        if (files != null && files.isArray()) {
            files.forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    /** Jackson's hook: every mapper writes envelopes in this one form. */
    static final class Writer extends StdSerializer<Envelope> {
        Writer() {
            super(Envelope.class);
        }

        @Override
        public void serialize(Envelope envelope, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            toJson(envelope).serialize(generator, provider);
        }
    }

    /** Jackson's hook: every mapper reads envelopes in this one form. */
    static final class Reader extends StdDeserializer<Envelope> {
        Reader() {
            super(Envelope.class);
        }

        @Override
        public Envelope deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return fromJson(context.readTree(parser));
        }
    }
}
