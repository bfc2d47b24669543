package chat.parley.http;

import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who is asking, resolved once per request by {@link AccessGuard} before the handler runs: the user of the session in
 * the {@code parley_session} cookie or in an {@code Authorization: Bearer} token from {@code POST /api/login}, or
 * nobody; or a bot, by its token as a bearer token. Handlers read it with {@link #of(Context)}; they never look at
 * credentials themselves.
 *
 * @param user       the signed-in user, or empty
 * @param credential how the request proved it (or tried to)
 * @param bot        the bot whose live token the request carries, or empty (a bot is never a {@code user})
 * @param hook       on a webhook's route, the incoming webhook its URL names; else empty
 */
record Caller(Optional<String> user, Credential credential, Optional<chat.parley.accounts.Bot> bot,
              Optional<chat.parley.hooks.IncomingHooks.Hook> hook) {

    static final String COOKIE = "parley_session";
    static final String BEARER = "Bearer ";
    private static final String ATTRIBUTE = "parley.caller";

    /** Where a request's credential came from. */
    enum Credential {
        NONE, COOKIE, BEARER
    }

    /** The caller that {@link AccessGuard} attached to this request. */
    static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            // Only a route registered without going through the guard gets here: a programming error, not a 401.
            throw new IllegalStateException("no caller on " + ctx.method() + " " + ctx.path()
                    + ": the access guard did not run");
        }
        return caller;
    }

    /** This caller, coming through an incoming webhook's URL. */
    Caller withHook(chat.parley.hooks.IncomingHooks.Hook incoming) {
        return new Caller(user, credential, bot, Optional.of(incoming));
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** The signed-in user; only for routes whose access already guarantees one. */
    String name() {
        return user.orElseThrow(Caller::unauthorized);
    }

    /** The session token the request carries, if any (the bearer token wins over the cookie). */
    static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return header.substring(BEARER.length()).trim();
        }
        return ctx.cookie(COOKIE);
    }

    /** How the request presents a credential, whether or not it is valid. */
    static Credential credential(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return Credential.BEARER;
        }
        return ctx.cookie(COOKIE) != null ? Credential.COOKIE : Credential.NONE;
    }

    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "sign in first: POST /api/login with {\"user\",\"password\"}");
    }
}
