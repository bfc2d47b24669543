package chat.parley.http;

import chat.parley.accounts.AdminToken;
import chat.parley.accounts.Accounts;
import chat.parley.accounts.Bot;
import chat.parley.accounts.RoomAccess;
import chat.parley.broker.RefusalCounter;
import chat.parley.chat.Refusal;
import chat.parley.hooks.IncomingHooks;
import chat.parley.chat.Names;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place where REST authorisation is decided: a before-matched handler that resolves the {@link Caller} of
 * every request and checks it against the {@link Access} its route declared. A route registered without a declaration
 * is refused with a 500 (and logged), so forgetting one fails loudly instead of leaving the route open.
 */
final class AccessGuard {

    private static final Logger log = LoggerFactory.getLogger(AccessGuard.class);

    private final Accounts accounts;
    private final AdminToken adminToken;
    private final IncomingHooks hooks;
    private final RefusalCounter refusals;
    private final Function<String, Optional<String>> fileRooms;

    /**
     * @param refusals  counts the posts refused for a bad token ({@code bad_token})
     * @param fileRooms the room a file id was shared in, if there is such a file
     */
    AccessGuard(Accounts accounts, AdminToken adminToken, IncomingHooks hooks, RefusalCounter refusals,
                Function<String, Optional<String>> fileRooms) {
        this.accounts = accounts;
        this.adminToken = adminToken;
        this.hooks = hooks;
        this.refusals = refusals;
        this.fileRooms = fileRooms;
    }

    /** Runs before every matched route handler. */
    void check(Context ctx) {
        Access access = declared(ctx.routeRoles());
        if (access == null) {
            if (isApi(ctx.path()) || ctx.path().startsWith("/hooks/")) {
                log.error("{} {} was registered without an Access declaration: refused", ctx.method(), ctx.path());
                throw new ApiException(500, "internal_error", "this route declares no access rule");
            }
            return; // the browser client's static files
        }
        String token = Caller.token(ctx);
        Caller.Credential credential = Caller.credential(ctx);
        var caller = new Caller(accounts.sessionUser(token), credential,
                credential == Caller.Credential.BEARER ? accounts.bots().byToken(token) : Optional.empty(),
                Optional.empty());
        if (access == Access.HOOK) {
            caller = caller.withHook(requireHook(ctx));
        }
        caller.attachTo(ctx);
        switch (access) {
            case PUBLIC, HOOK -> { }
            case SIGNED_IN -> caller.name();
            case ROOM_READER -> requireRead(accounts.rooms(), caller, Params.room(ctx));
            case ROOM_WRITER -> requireWrite(caller, Params.room(ctx));
            case ROOM_POSTER -> requirePoster(ctx, caller, Params.room(ctx));
            case PRIVATE_ROOM_MEMBER -> requireMember(caller, ctx.pathParam("room"));
            case FILE_READER -> requireFileReader(caller, ctx.pathParam("id"));
            case ADMIN -> requireAdmin(ctx);
        }
    }

    /**
     * 401 (no session, and the room needs one) or 403 (signed in, not allowed) unless {@code caller} may read
     * {@code roomKey}. Also used by search, whose {@code room} filter is a query parameter.
     */
    static void requireRead(RoomAccess rooms, Caller caller, String roomKey) {
        Optional<String> refusal = rooms.refusal(roomKey, caller.user());
        if (refusal.isPresent()) {
            if (caller.user().isEmpty()) {
                throw new ApiException(401, "unauthorized", refusal.get() + " (sign in: POST /api/login)");
            }
            throw new ApiException(403, "forbidden", refusal.get());
        }
    }

    private void requireWrite(Caller caller, String roomKey) {
        if (caller.user().isEmpty()) {
            throw new ApiException(401, "unauthorized", "changing room '" + roomKey + "' needs a session: sign in "
                    + "with POST /api/login (in auth: open, with the secret of a claimed name)");
        }
        Optional<String> refusal = accounts.rooms().refusal(roomKey, caller.user());
        if (refusal.isPresent()) {
            throw new ApiException(403, "forbidden", refusal.get());
        }
    }

    /** A bot within its room limits, or a user who may write the room; a token that is no longer good is counted. */
    private void requirePoster(Context ctx, Caller caller, String roomKey) {
        if (caller.bot().isPresent()) {
            Bot bot = caller.bot().get();
            String refusal = Optional.ofNullable(bot.limitRefusal(roomKey))
                    .or(() -> accounts.rooms().refusal(roomKey, Optional.of(bot.name()))).orElse(null);
            if (refusal != null) {
                throw new ApiException(403, "forbidden", refusal);
            }
            return;
        }
        if (caller.user().isEmpty() && caller.credential() != Caller.Credential.NONE) {
            String why = "the token is not (or no longer) good: a revoked or rotated bot token, or an ended session";
            refusals.refused(Refusal.BAD_TOKEN, ctx.ip(), ctx.method() + " " + ctx.path(), why);
            throw new ApiException(401, "unauthorized", why);
        }
        if (caller.user().isEmpty()) {
            throw new ApiException(401, "unauthorized", "posting to '" + roomKey + "' needs a bot token "
                    + "(Authorization: Bearer pbot_…) or a session (POST /api/login)");
        }
        requireWrite(caller, roomKey);
    }

    /** The live incoming webhook named by the path; anything else is a 404 (a guessed URL learns nothing), counted. */
    private IncomingHooks.Hook requireHook(Context ctx) {
        return hooks.byToken(ctx.pathParam("token")).orElseThrow(() -> {
            refusals.refused(Refusal.BAD_TOKEN, ctx.ip(), ctx.method() + " /hooks/…", "no such webhook");
            return ApiException.notFound("no such webhook: it was removed, or the URL is wrong");
        });
    }

    private void requireMember(Caller caller, String room) {
        String user = caller.name();
        if (!Names.isRoom(room) || !accounts.privateRooms().isMember(room, user)) {
            throw ApiException.notFound("you are not a member of a private room '" + room + "'");
        }
    }

    private void requireFileReader(Caller caller, String id) {
        Optional<String> room = fileRooms.apply(id);
        if (room.isEmpty() || !accounts.rooms().mayRead(room.get(), caller.user())) {
            throw ApiException.notFound("no file '" + id + "' here (or none you may read)");
        }
    }

    private void requireAdmin(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith(Caller.BEARER)
                ? header.substring(Caller.BEARER.length()).trim() : null;
        if (!adminToken.matches(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"parley-admin\"");
            throw new ApiException(401, "unauthorized",
                    "admin routes need the admin token: Authorization: Bearer <token>");
        }
    }

    private static Access declared(Set<RouteRole> roles) {
        if (roles.size() != 1) {
            return null;
        }
        return roles.iterator().next() instanceof Access access ? access : null;
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/metrics");
    }
}
