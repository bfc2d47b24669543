package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.PasswordHasher;
import chat.parley.accounts.SessionStore;
import chat.parley.chat.Names;
import chat.parley.config.AuthMode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing in to the web API: {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/session} and
 * {@code POST /api/signup}. The credentials are those of MQTT: an account's password ({@code auth: accounts}) or a
 * claimed name's secret ({@code auth: open}). A session is a cookie for the browser and a bearer token for scripts.
 */
final class SessionRoutes {

    private static final Logger log = LoggerFactory.getLogger(SessionRoutes.class);

    private static final String LOGIN_SHAPE = "{\"user\":\"alice\",\"password\":\"…\"}";

    private final Accounts accounts;
    private final ObjectMapper json;

    SessionRoutes(Accounts accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    void login(Context ctx) {
        var body = JsonBody.of(ctx, json, LOGIN_SHAPE);
        String user = body.text("user");
        String password = body.text("password");
        if (!Names.isUser(user)) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        String address = ctx.ip();
        var wait = accounts.limiter().waitBefore(address, user);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + (wait.get().toMillisPart() > 0 ? 1 : 0));
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(429, "too_many_attempts",
                    "too many failed sign-ins for this name or address: try again in " + seconds + " s");
        }
        boolean ok = accounts.mode() == AuthMode.ACCOUNTS ? accounts.users().verify(user, password)
                : accounts.claims().verify(user, password);
        if (!ok) {
            accounts.limiter().failed(address, user);
            throw new ApiException(401, "unauthorized", accounts.mode() == AuthMode.ACCOUNTS
                    ? "wrong user name or password" : "wrong name or secret (in auth: open, claim a name first)");
        }
        accounts.limiter().succeeded(user);
        startSession(ctx, user, 200);
    }

    void signup(Context ctx) {
        if (accounts.mode() != AuthMode.ACCOUNTS || !accounts.access().selfSignup()) {
            throw new ApiException(403, "forbidden", accounts.mode() == AuthMode.ACCOUNTS
                    ? "self sign-up is off on this server: ask an admin for an account"
                    : "this server has no accounts (auth: open): claim a name with POST /api/claim");
        }
        var body = JsonBody.of(ctx, json, LOGIN_SHAPE);
        String user = body.text("user");
        String password = body.text("password");
        if (!Names.isUser(user)) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        String problem = PasswordHasher.problem(password);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        if (accounts.isBot(user) || !accounts.users().add(user, password)) {
            throw new ApiException(409, "name_taken", "the name '" + user + "' is taken");
        }
        startSession(ctx, user, 201);
    }

    void logout(Context ctx) {
        accounts.sessions().end(Caller.token(ctx));
        ctx.removeCookie(Caller.COOKIE, "/");
        ctx.status(204);
    }

    void session(Context ctx) {
        String user = Caller.of(ctx).name();
        var body = new LinkedHashMap<String, Object>();
        body.put("user", user);
        body.put("auth", accounts.mode().name().toLowerCase(java.util.Locale.ROOT));
        body.put("privateRooms", accounts.privateRooms().roomsOf(user));
        ctx.json(body);
    }

    private void startSession(Context ctx, String user, int status) {
        String token = accounts.sessions().create(user);
        log.info("'{}' {} from {}", user, status == 201 ? "signed up" : "signed in", ctx.ip());
        var cookie = new Cookie(Caller.COOKIE, token, "/", (int) SessionStore.LIFETIME.toSeconds(),
                "https".equals(ctx.scheme()), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.status(status).json(Map.of("user", user, "token", token,
                "expiresInSeconds", SessionStore.LIFETIME.toSeconds()));
    }
}
