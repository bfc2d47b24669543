package chat.parley.http;

import chat.parley.broker.ChatIntake;
import chat.parley.broker.SystemMessages;
import chat.parley.chat.Envelope;
import chat.parley.chat.Names;
import chat.parley.history.MessageStore;
import chat.parley.history.RoomActivity;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** {@code /api/admin/rooms}: every room with its message count, deleting a room's history or one message. */
final class ModerationRoutes {

    private final MessageStore store;
    private final SystemMessages system;

    ModerationRoutes(MessageStore store, SystemMessages system) {
        this.store = store;
        this.system = system;
    }

    /** {@code GET /api/admin/rooms}: rooms and DMs with stored messages, most recently active first. */
    void rooms(Context ctx) {
        var rooms = new ArrayList<Map<String, Object>>();
        for (RoomActivity room : store.allRooms()) {
            var row = new LinkedHashMap<String, Object>();
            row.put("room", room.room());
            row.put("kind", Names.isRoom(room.room()) ? "room" : "dm");
            row.put("count", room.count());
            row.put("lastSeq", room.lastSeq());
            row.put("lastTs", room.lastTs());
            rooms.add(row);
        }
        ctx.json(Map.of("rooms", rooms));
    }

    /** {@code DELETE /api/admin/rooms/{room}}: deletes the room's whole history and tells open pages (not stored). */
    void deleteRoom(Context ctx) {
        String room = roomKey(ctx);
        if (!store.exists(room)) {
            throw ApiException.notFound("room '" + room + "' has no history");
        }
        long lastSeq = store.rooms(java.util.List.of(room)).stream().mapToLong(r -> r.lastSeq()).max().orElse(0);
        long deleted = store.deleteRoom(room);
        system.announceCleared(room, lastSeq);
        ctx.json(Map.of("room", room, "deleted", deleted));
    }

    /**
     * {@code DELETE /api/admin/rooms/{room}/messages/{seq}}: deletes one message as an administrator, exactly like its
     * author could: a {@code delete} event in the room's seq stream (from {@code parley}) that live clients get, and a
     * tombstone in history whose text is gone from history, search and export. A {@code system} notice with
     * {@code deletes: seq} follows, for clients that predate events.
     */
    void deleteMessage(Context ctx) throws Exception {
        String room = roomKey(ctx);
        long seq = seq(ctx.pathParam("seq"));
        Optional<Envelope> target = store.message(room, seq).filter(m -> m.isMessage() && !m.deleted());
        if (target.isEmpty()) {
            throw ApiException.notFound("room '" + room + "' has no message with seq " + seq);
        }
        Envelope event;
        try {
            event = system.delete(room, target.get().id()).get();
        } catch (ExecutionException e) {
            if (ChatIntake.refusal(e.getCause()) != null) { // deleted in the meantime
                throw ApiException.notFound("room '" + room + "' has no message with seq " + seq);
            }
            throw e;
        }
        // Clients that predate events drop a message on a system notice carrying deletes: seq; kept for them.
        Envelope notice = system.post(room, "A message from " + target.get().from() + " was removed by an admin.",
                seq).get();
        ctx.json(Map.of("room", room, "deleted", seq, "event", event, "notice", notice));
    }

    private static String roomKey(Context ctx) {
        String room = ctx.pathParam("room");
        if (!Names.isRoomKey(room)) {
            throw ApiException.badRequest("room must be a room id (" + Names.ROOM.pattern() + ") or a DM key dm:a:b");
        }
        return room;
    }

    private static long seq(String value) {
        try {
            long seq = Long.parseLong(value);
            if (seq >= 1) {
                return seq;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("seq must be a message seq (a whole number, 1 or more), got '" + value + "'");
    }
}
