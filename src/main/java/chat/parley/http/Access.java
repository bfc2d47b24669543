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
