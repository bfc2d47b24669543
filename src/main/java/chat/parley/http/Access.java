package chat.parley.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Every route declares one when it is registered (see {@link ApiRoutes}); {@link AccessGuard}
 * checks it before the handler runs, and refuses a route that declares none. The OpenAPI document names it for each
 * operation as {@code x-parley-access}.
 */
enum Access implements RouteRole {
    /** Anyone, signed in or not. */
    PUBLIC("public"),
    /** A live session (cookie or bearer token): 401 otherwise. */
    SIGNED_IN("signed-in"),
    /**
     * Whoever may read the room in the {@code {room}} path parameter ({@link chat.parley.accounts.RoomAccess}): 401
     * when the room needs a session and there is none, 403 when the session's user may not read it.
     */
    ROOM_READER("room-reader"),
    /**
     * A signed-in user who may write the room in {@code {room}} (for a private room: a member; for a DM: one of its
     * two users): 401 without a session, 403 otherwise. Changing a room (its meta) is never anonymous.
     */
    ROOM_WRITER("room-writer"),
    /**
     * Who may post a message to the room in {@code {room}}: a bot whose token is the bearer token and whose room limits
     * allow it, or a signed-in user who may write it: 401 without either (an unknown or revoked token too, counted as
     * {@code bad_token}), 403 when they may not.
     */
    ROOM_POSTER("room-poster"),
    /**
     * The incoming-webhook token in the {@code {token}} path parameter: 404 for anything that is not a live one
     * (counted as {@code bad_token}), so a guess learns nothing. The URL is the capability: no other credential.
     */
    HOOK("hook"),
    /**
     * A signed-in member of the private room in {@code {room}}: 401 without a session; to anyone else the private room
     * does not exist (404), so its name is not confirmed.
     */
    PRIVATE_ROOM_MEMBER("private-room-member"),
    /**
     * Whoever may read the room the file in the {@code {id}} path parameter was shared in (the same rule as the room's
     * history); to anyone else, as for an id that does not exist, 404: a file id is never confirmed.
     */
    FILE_READER("file-reader"),
    /** The admin bearer token: 401 otherwise. */
    ADMIN("admin");

    private final String label;

    Access(String label) {
        this.label = label;
    }

    /** The name used in the OpenAPI document ({@code x-parley-access}), e.g. {@code room-reader}. */
    String label() {
        return label;
    }
}
