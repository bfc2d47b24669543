package chat.parley.http;

import chat.parley.accounts.RoomAccess;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.e2e.RoomMetaStore.CheckOutcome;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * What a room is. {@code GET|POST /api/rooms/{room}/meta}: whether it is end-to-end encrypted and how clients derive
 * and check its key; a room becomes encrypted once, before its first message, and stays so; {@code PUT
 * /api/rooms/{room}/meta/check} gives a room encrypted before key check values its check value, once. {@code GET|PUT
 * /api/rooms/{room}/listing}: whether it is unlisted (reachable only by those who name it); a signed-in user marks a
 * room before its first message and becomes the one who may change it.
 */
final class RoomMetaRoutes {

    private final RoomMetaStore metas;
    private final MessageStore store;
    private final ObjectMapper json;
    private final RoomAccess access;

    RoomMetaRoutes(RoomMetaStore metas, MessageStore store, ObjectMapper json, RoomAccess access) {
        this.metas = metas;
        this.store = store;
        this.json = json;
        this.access = access;
    }

    /** {@code {"room","unlisted","why"}}: why is random-id, marked, private, dm or listed. */
    void listing(Context ctx) {
        String room = Params.room(ctx);
        ctx.json(listingOf(room));
    }

    void setListing(Context ctx) {
        String room = Params.room(ctx);
        boolean unlisted = JsonBody.of(ctx, json, "{\"unlisted\":true}").bool("unlisted");
        String user = Caller.of(ctx).name();
        var marks = access.unlistedRooms();
        var creator = marks.creator(room);
        if (creator.isPresent() && !creator.get().equals(user)) {
            throw new ApiException(403, "forbidden", "only " + creator.get() + ", who marked room '" + room
                    + "' unlisted, may change that");
        }
        if (unlisted && creator.isEmpty()) {
            if (store.exists(room)) {
                throw new ApiException(409, "room_has_messages", "room '" + room + "' already has messages, so "
                        + "people may have found it listed; make a new room unlisted instead");
            }
            marks.mark(room, user);
        } else if (!unlisted && creator.isPresent()) {
            marks.unmark(room);
        }
        ctx.json(listingOf(room));
    }

    private JsonNode listingOf(String room) {
        String why = access.unlistedRooms().isMarked(room) ? "marked"
                : access.privateRooms().isPrivate(room) ? "private"
                : access.isUnlisted(room) ? "random-id" : "listed";
        return json.createObjectNode().put("room", room).put("unlisted", !why.equals("listed")).put("why", why);
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

    /**
     * {@code {"check":"…"}}: the key check value of a room encrypted before there were any. The server cannot tell a
     * right value from a wrong one (it never has the key): it keeps the first, and clients write one only after the
     * key opened the room's messages (docs/e2e.md).
     */
    void addCheck(Context ctx) {
        String room = Params.room(ctx);
        String check;
        try {
            check = RoomMeta.checkOf(JsonBody.of(ctx, json, "{\"check\":\"…\"}").node());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (check == null) {
            throw ApiException.badRequest("check is required: {\"check\":\"…\"}");
        }
        CheckOutcome outcome = metas.addCheck(room, check);
        switch (outcome) {
            case NOT_ENCRYPTED -> throw new ApiException(404, "not_encrypted", "room '" + room
                    + "' is not end-to-end encrypted");
            case OTHER -> throw new ApiException(409, "check_exists", "room '" + room
                    + "' has another key check value; it is set once");
            case ADDED, SAME -> ctx.json(metas.get(room).orElseThrow().toJson(json));
        }
    }
}
