package chat.parley.http;

import chat.parley.accounts.RoomAccess;
import chat.parley.accounts.RoomNames;
import chat.parley.chat.Envelope;
import chat.parley.chat.Names;
import chat.parley.history.MessagePage;
import chat.parley.history.MessageStore;
import chat.parley.history.RoomSummary;
import chat.parley.history.SearchQuery;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** History, search and export: {@code /api/rooms…} and {@code /api/search}. */
final class HistoryRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int SEARCH_DEFAULT_LIMIT = 20;
    static final int SEARCH_MAX_LIMIT = 100;

    private final MessageStore store;
    private final ObjectMapper json;
    private final String serverName;
    private final RoomAccess roomAccess;
    private final RoomNames names;

    HistoryRoutes(MessageStore store, ObjectMapper json, String serverName, RoomAccess access, RoomNames names) {
        this.roomAccess = access;
        this.names = names;
        this.store = store;
        this.json = json;
        this.serverName = serverName;
    }

    /**
     * The named rooms ({@code ?rooms=a,b}). Rooms are never listed wholesale: a random room's id is its invite, so
     * only someone who already knows an id learns anything about that room.
     */
    void rooms(Context ctx) {
        List<String> rooms = Params.roomList(ctx, "rooms");
        if (rooms.isEmpty()) {
            throw ApiException.badRequest("name the rooms, e.g. ?rooms=general,random (room ids are never listed: "
                    + "a random room's id is its invite)");
        }
        // Rooms the caller may not read are left out, as if they had no messages: nothing is learnt about them.
        var user = Caller.of(ctx).user();
        List<String> readable = rooms.stream().filter(room -> roomAccess.mayRead(room, user)).toList();
        var answer = new ArrayList<ObjectNode>();
        var summarised = new HashSet<String>();
        for (RoomSummary summary : store.rooms(readable)) {
            ObjectNode node = json.valueToTree(summary);
            names.of(summary.room()).ifPresent(name -> node.put("name", name));
            answer.add(node);
            summarised.add(summary.room());
        }
        // a named room nobody has written in yet is listed too, so its name shows
        for (String room : readable) {
            if (!summarised.contains(room) && names.of(room).isPresent()) {
                answer.add(json.createObjectNode().put("room", room).put("count", 0).put("lastSeq", 0).putNull("last")
                        .put("name", names.of(room).get()));
            }
        }
        ctx.json(Map.of("rooms", answer));
    }

    /**
     * A page of the room's seq stream: the latest, {@code ?before=}, {@code ?after=} or {@code ?around=} a seq.
     * Messages come with their current state ({@code edited}, {@code reactions}, {@code replies}, {@code rev},
     * tombstones as {@code deleted: true}); the events among them stay, for clients that catch up by seq.
     */
    void messages(Context ctx) {
        String room = Params.room(ctx);
        Long before = Params.optionalSeq(ctx, "before");
        Long after = Params.optionalSeq(ctx, "after");
        Long around = Params.optionalSeq(ctx, "around");
        int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        if (before != null && after != null) {
            throw ApiException.badRequest("give before or after, not both");
        }
        if (around != null && (before != null || after != null)) {
            throw ApiException.badRequest("give around alone, not with before or after");
        }
        requireRoom(room);
        MessagePage page = before != null ? store.before(room, before, limit)
                : after != null ? store.after(room, after, limit)
                : around != null ? store.around(room, around, limit)
                : store.latest(room, limit);
        ctx.json(page);
    }

    void search(Context ctx) {
        String q = Params.optionalText(ctx, "q");
        if (q == null) {
            throw ApiException.badRequest("q must not be empty");
        }
        String room = Params.optionalText(ctx, "room");
        if (room != null) {
            Params.requireRoom(room);
            AccessGuard.requireRead(roomAccess, Caller.of(ctx), room); // the route is public; this filter is not
        }
        String from = Params.optionalText(ctx, "from");
        int limit = Params.limit(ctx, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
        var user = Caller.of(ctx).user();
        // Unlisted rooms are searched only where the caller names them: the room asked for, and ?rooms= (the rooms
        // the caller has joined, whose ids are their invitations). The scope is applied inside the query.
        var named = new java.util.HashSet<String>(Params.roomList(ctx, "rooms"));
        if (room != null) {
            named.add(room);
        }
        try {
            var hits = store.search(new SearchQuery(q, room, from, limit, roomAccess.searchScope(user, named)))
                    .stream().filter(hit -> roomAccess.mayRead(hit.room(), user)).toList(); // a second lock
            ctx.json(Map.of("results", hits));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    void export(Context ctx) {
        String room = Params.room(ctx);
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
        if (!format.equals("json") && !format.equals("markdown")) {
            throw ApiException.badRequest("format must be json or markdown, got '" + format + "'");
        }
        requireRoom(room);
        String file = room.replace(':', '-') + (format.equals("json") ? ".json" : ".md");
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        try {
            OutputStream out = ctx.outputStream();
            if (format.equals("json")) {
                ctx.contentType("application/json");
                exportJson(room, out);
            } else {
                ctx.contentType("text/markdown; charset=utf-8");
                var markdown = new MarkdownExport(out, room, serverName);
                store.export(room, markdown::write);
                markdown.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void exportJson(String room, OutputStream out) throws IOException {
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartArray();
            store.export(room, envelope -> writeValue(generator, envelope));
            generator.writeEndArray();
        }
    }

    private void writeValue(JsonGenerator generator, Envelope envelope) {
        try {
            json.writeValue(generator, envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireRoom(String room) {
        if (!store.exists(room)) {
            throw ApiException.notFound("no messages in room '" + room + "'");
        }
    }
}
