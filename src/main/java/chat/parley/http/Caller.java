package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.RoomAccess;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who is asking: the user of the session in the {@code parley_session} cookie or an {@code Authorization: Bearer}
 * token from {@code POST /api/login}; empty when neither is a live session.
 */
final class Caller {

    static final String COOKIE = "parley_session";
    private static final String BEARER = "Bearer ";

    private final Accounts accounts;

    Caller(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The session token the request carries, if any (the bearer token wins over the cookie). */
    static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return header.substring(BEARER.length()).trim();
        }
        return ctx.cookie(COOKIE);
    }

    Optional<String> user(Context ctx) {
        return accounts.sessionUser(token(ctx));
    }

    /** The signed-in user, or a 401. */
    String requireUser(Context ctx) {
        return user(ctx).orElseThrow(() -> unauthorized());
    }

    /** Answers 401 (not signed in) or 403 (signed in, not allowed) unless the caller may read {@code roomKey}. */
    void requireRead(Context ctx, String roomKey) {
        Optional<String> user = user(ctx);
        RoomAccess access = accounts.rooms();
        var refusal = access.refusal(roomKey, user);
        if (refusal.isPresent()) {
            if (user.isEmpty()) {
                throw new ApiException(401, "unauthorized", refusal.get() + " (sign in: POST /api/login)");
            }
            throw new ApiException(403, "forbidden", refusal.get());
        }
    }

    /** Where the caller may search, given the unlisted rooms it names. */
    chat.parley.history.SearchScope searchScope(Context ctx, java.util.Set<String> named) {
        return accounts.rooms().searchScope(user(ctx), named);
    }

    boolean mayRead(Context ctx, String roomKey) {
        return accounts.rooms().mayRead(roomKey, user(ctx));
    }

    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "sign in first: POST /api/login with {\"user\",\"password\"}");
    }
}
