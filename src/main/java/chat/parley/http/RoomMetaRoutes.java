package chat.parley.http;

import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * {@code GET|POST /api/rooms/{room}/meta}: whether a room is end-to-end encrypted and how clients derive its key. A
 * room becomes encrypted once, before its first message, and stays so.
 */
final class RoomMetaRoutes {

    private final RoomMetaStore metas;
    private final MessageStore store;
    private final ObjectMapper json;

    RoomMetaRoutes(RoomMetaStore metas, MessageStore store, ObjectMapper json) {
        this.metas = metas;
        this.store = store;
        this.json = json;
    }

    void get(Context ctx) {
        String room = Params.room(ctx);
        ctx.json(metas.get(room).map(meta -> (JsonNode) meta.toJson(json))
                .orElseGet(() -> json.createObjectNode().put("room", room).put("encrypted", false)));
    }

    void create(Context ctx) {
        String room = Params.room(ctx);
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body must be JSON like {\"encrypted\":true,\"kdf\":{…}}");
        }
        RoomMeta wanted;
        try {
            wanted = RoomMeta.fromRequest(room, body, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (metas.isEncrypted(room)) {
            throw new ApiException(409, "already_encrypted", "room '" + room + "' is already encrypted");
        }
        if (store.exists(room)) {
            throw new ApiException(409, "room_has_messages",
                    "room '" + room + "' already has plain messages; encrypt a new room instead");
        }
        RoomMeta meta = metas.create(wanted);
        if (meta != wanted) {
            throw new ApiException(409, "already_encrypted", "room '" + room + "' is already encrypted");
        }
        ctx.status(201).json(meta.toJson(json));
    }
}
