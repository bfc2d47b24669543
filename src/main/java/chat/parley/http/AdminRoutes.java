package chat.parley.http;

import chat.parley.accounts.ClaimStore;
import chat.parley.chat.Names;
import io.javalin.http.Context;

/** {@code DELETE /api/admin/claims/{user}} (admin access, checked by {@link AccessGuard}). */
final class AdminRoutes {

    private final ClaimStore claims;

    AdminRoutes(ClaimStore claims) {
        this.claims = claims;
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
