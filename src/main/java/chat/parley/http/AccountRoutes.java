package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.PasswordHasher;
import chat.parley.broker.ClientControl;
import chat.parley.chat.Names;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code /api/admin/users…} and {@code GET /api/admin/claims}: accounts and claimed names, for the admin (behind the
 * admin token guard). Passwords go in, never out; only names and creation times are listed.
 */
final class AccountRoutes {

    private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

    private final Accounts accounts;
    private final ClientControl clients;
    private final ObjectMapper json;

    AccountRoutes(Accounts accounts, ClientControl clients, ObjectMapper json) {
        this.accounts = accounts;
        this.clients = clients;
        this.json = json;
    }

    /** Ends the user's web sessions and MQTT connections: they must prove themselves again. */
    private void signOutEverywhere(String user) {
        accounts.sessions().endAll(user);
        clients.disconnectUser(user); // on a web node, in the broker (a node command)
    }

    /** {@code GET /api/admin/users}. */
    void list(Context ctx) {
        ctx.json(Map.of("users", accounts.users().list()));
    }

    /** {@code POST /api/admin/users} {@code {"user","password"}}: 201, or 409 when the name is taken. */
    void add(Context ctx) {
        var body = JsonBody.of(ctx, json, "{\"user\":\"alice\",\"password\":\"…\"}");
        String user = requireUser(body.text("user"));
        String password = requirePassword(body.text("password"));
        if (accounts.isBot(user) || !accounts.users().add(user, password)) {
            throw new ApiException(409, "name_taken", "the name '" + user + "' is taken (an account or a bot)");
        }
        log.info("admin added the account '{}'", user);
        ctx.status(201).json(Map.of("user", user));
    }

    /** {@code PUT /api/admin/users/{user}/password} {@code {"password"}}: resets it; the user is signed out. */
    void resetPassword(Context ctx) {
        String user = requireUser(ctx.pathParam("user"));
        String password = requirePassword(JsonBody.of(ctx, json, "{\"password\":\"…\"}").text("password"));
        if (!accounts.users().setPassword(user, password)) {
            throw ApiException.notFound("there is no account named '" + user + "'");
        }
        signOutEverywhere(user);
        log.info("admin reset the password of '{}'", user);
        ctx.status(204);
    }

    /** {@code DELETE /api/admin/users/{user}}: removes the account; its sessions and MQTT connections end. */
    void remove(Context ctx) {
        String user = requireUser(ctx.pathParam("user"));
        if (!accounts.users().remove(user)) {
            throw ApiException.notFound("there is no account named '" + user + "'");
        }
        signOutEverywhere(user);
        log.info("admin removed the account '{}'", user);
        ctx.status(204);
    }

    /** {@code GET /api/admin/claims}: the claimed names (never their secrets). */
    void claims(Context ctx) {
        ctx.json(Map.of("claims", accounts.claims().names()));
    }

    private static String requireUser(String user) {
        if (!Names.isUser(user)) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        return user;
    }

    private static String requirePassword(String password) {
        String problem = PasswordHasher.problem(password);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return password;
    }
}
