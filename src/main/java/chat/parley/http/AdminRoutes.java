package chat.parley.http;

import chat.parley.accounts.AdminToken;
import chat.parley.accounts.ClaimStore;
import chat.parley.chat.Names;
import io.javalin.http.Context;

/** {@code /api/admin/*}: guarded by the admin bearer token. */
final class AdminRoutes {

    private static final String BEARER = "Bearer ";

    private final AdminToken token;
    private final ClaimStore claims;

    AdminRoutes(AdminToken token, ClaimStore claims) {
        this.token = token;
        this.claims = claims;
    }

    /** The guard in front of every admin route: a missing or wrong token is a 401. */
    void requireToken(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim()
                : null;
        if (!token.matches(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"parley-admin\"");
            throw new ApiException(401, "unauthorized",
                    "admin routes need the admin token: Authorization: Bearer <token>");
        }
    }

    /** {@code DELETE /api/admin/claims/{user}}: the name is free again (its holder's secret stops working). */
    void releaseClaim(Context ctx) {
        String user = ctx.pathParam("user");
        if (!Names.isUser(user)) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        if (!claims.release(user)) {
            throw ApiException.notFound("the name '" + user + "' is not claimed");
        }
        ctx.status(204);
    }
}
