package chat.parley.http;

import chat.parley.accounts.RoomNames;
import chat.parley.chat.Names;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A room's display name, kept on the server so everyone who can read the room sees the same one:
 * {@code PUT /api/rooms/{room}/name} with {@code {"name":"Q3 plans"}} (a member of a private room, any signed-in user
 * for another room: {@link Access#ROOM_WRITER}), and {@code PUT /api/admin/rooms/{room}/name} for the admin, any room.
 * {@code "name": null} or {@code ""} takes the name away. The broker pushes every change to those who may read the
 * room (its retained {@code meta} topic); {@code GET /api/rooms} serves it too.
 */
final class RoomNameRoutes {

    /** Who an admin's change is stored as. */
    static final String ADMIN = "admin";

    private final RoomNames names;
    private final ObjectMapper json;

    RoomNameRoutes(RoomNames names, ObjectMapper json) {
        this.names = names;
        this.json = json;
    }

    void set(Context ctx) {
        name(ctx, Caller.of(ctx).name());
    }

    void setAsAdmin(Context ctx) {
        name(ctx, ADMIN);
    }

    private void name(Context ctx, String by) {
        String room = Params.room(ctx);
        if (room.startsWith("dm:")) {
            throw ApiException.badRequest("a direct conversation is named after the other person; it takes no name");
        }
        String name = JsonBody.of(ctx, json, "{\"name\":\"Q3 plans\"}").textOrNull("name");
        if (name != null && name.isEmpty()) {
            name = null;
        }
        if (name != null) {
            String problem = Names.roomNameProblem(name);
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
        }
        names.set(room, name, by);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room", room);
        body.put("name", name);
        ctx.json(body);
    }
}
