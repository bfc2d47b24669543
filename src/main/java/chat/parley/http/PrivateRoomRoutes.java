package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.PrivateRooms;
import chat.parley.chat.Names;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invite-only rooms, for signed-in users: {@code GET|POST /api/private-rooms},
 * {@code POST /api/private-rooms/{room}/members} (a member invites someone) and
 * {@code DELETE /api/private-rooms/{room}/members/{user}} (a member leaves, or the room's owner removes a member).
 * Only members read, write or see the members of a private room; to anyone else it does not exist (404, never 403).
 * Every change is pushed to those it concerns by the broker ({@code {prefix}/users/{user}/events}).
 */
final class PrivateRoomRoutes {

    private final Accounts accounts;
    private final PrivateRooms rooms;
    private final MessageStore store;
    private final ObjectMapper json;

    PrivateRoomRoutes(Accounts accounts, MessageStore store, ObjectMapper json) {
        this.accounts = accounts;
        this.rooms = accounts.privateRooms();
        this.store = store;
        this.json = json;
    }

    /** The caller's private rooms with their members. */
    void list(Context ctx) {
        String user = Caller.of(ctx).name();
        ctx.json(Map.of("rooms", rooms.roomsOf(user).stream().map(this::describe).toList()));
    }

    /** Creates a private room; the caller is its first member. A room that already has messages can't be taken. */
    void create(Context ctx) {
        String user = Caller.of(ctx).name();
        String room = JsonBody.of(ctx, json, "{\"room\":\"plans\"}").text("room");
        if (!Names.isRoom(room)) {
            throw ApiException.badRequest("room id must match " + Names.ROOM.pattern());
        }
        if (store.exists(room) || !rooms.create(room, user)) {
            throw new ApiException(409, "room_taken", "room '" + room + "' already exists: choose another id");
        }
        ctx.status(201).json(describe(room));
    }

    /** A member adds a user (membership is checked by {@link AccessGuard}: {@link Access#PRIVATE_ROOM_MEMBER}). */
    void invite(Context ctx) {
        String room = ctx.pathParam("room");
        String user = JsonBody.of(ctx, json, "{\"user\":\"bob\"}").text("user");
        if (!Names.isUser(user)) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        // A name anyone could connect as (unclaimed in auth: open) would let anyone in.
        if (accounts.mode() == chat.parley.config.AuthMode.ACCOUNTS ? !accounts.users().exists(user)
                : !accounts.claims().isClaimed(user)) {
            throw ApiException.badRequest(accounts.mode() == chat.parley.config.AuthMode.ACCOUNTS
                    ? "there is no account named '" + user + "'"
                    : "'" + user + "' has not claimed the name yet: only claimed names can be invited");
        }
        rooms.invite(room, user, Caller.of(ctx).name());
        ctx.json(describe(room));
    }

    /** A member leaves; the room's owner (who made it) may also remove anyone else. */
    void leave(Context ctx) {
        String room = ctx.pathParam("room");
        String user = ctx.pathParam("user");
        String caller = Caller.of(ctx).name();
        String owner = rooms.owner(room).orElse(null);
        if (!user.equals(caller) && !caller.equals(owner)) {
            throw new ApiException(403, "forbidden", "members can only remove themselves; " + owner
                    + ", who made #" + room + ", can remove others");
        }
        if (!rooms.remove(room, user, caller)) {
            throw ApiException.notFound(user + " is not a member of #" + room);
        }
        ctx.status(204);
    }

    private Map<String, Object> describe(String room) {
        var body = new LinkedHashMap<String, Object>();
        body.put("room", room);
        body.put("members", rooms.members(room));
        body.put("owner", rooms.owner(room).orElse(null));
        body.put("name", accounts.roomNames().of(room).orElse(null));
        return body;
    }
}
