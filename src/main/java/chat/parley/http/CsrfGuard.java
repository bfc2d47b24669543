package chat.parley.http;

import chat.parley.config.ParleyConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps other web pages from changing anything through a user's browser. A state-changing request (POST, PUT, PATCH,
 * DELETE) with a body must send it as {@code application/json}: a page on another site can only send JSON with a CORS
 * preflight, which this server never answers. A state-changing request that is not bearer-authenticated (the cookie,
 * or no credential at all: sign-in and claims) must, when it carries an {@code Origin}, come from this server's own
 * origin (the host and port it was addressed as) or one listed in {@code allowed-origins}. Scripts with a bearer token
 * send no ambient credential, so their origin does not matter; and posting a message ({@link Access#ROOM_POSTER}) with
 * a bearer token may send plain text ({@code curl -d 'deploy done'}), since no page can make a browser add that header.
 * Refusals are 403 in the one error shape. Incoming webhooks ({@code /hooks/…}) are not under {@code /api}: their URL
 * is their capability (no ambient credential), and senders post JSON or Slack's form encoding.
 * <p>
 * Uploads ({@code POST /api/rooms/{room}/files}) are files, not JSON: a form on another page could send one, so an
 * upload signed in by cookie must carry the header {@value #UPLOAD_HEADER}, which no form can set and which makes a
 * cross-site script ask first (a CORS preflight this server never answers).
 */
final class CsrfGuard {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The header a cookie-authenticated upload carries to show it came from a script of this server's pages. */
    static final String UPLOAD_HEADER = "X-Parley-Upload";
    private static final java.util.regex.Pattern UPLOAD_PATH =
            java.util.regex.Pattern.compile("/api/rooms/[^/]+/files");

    private final List<String> allowedOrigins;

    /** @param allowedOrigins extra origins, already normalised ({@code scheme://host[:port]}, lower case) */
    CsrfGuard(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Runs before every matched route handler. */
    void check(Context ctx) {
        if (!STATE_CHANGING.contains(ctx.method().name()) || !AccessGuard.isApi(ctx.path())) {
            return;
        }
        boolean bearer = Caller.credential(ctx) == Caller.Credential.BEARER;
        String origin = ctx.header("Origin");
        if (origin != null && !bearer && !sameOrigin(origin, ctx.host())
                && !allowedOrigins.contains(ParleyConfig.normaliseOrigin(origin))) {
            throw new ApiException(403, "cross_origin", "requests from origin '" + origin + "' may not change "
                    + "anything here: only this server's own pages may (a reverse proxy must forward Host unchanged, "
                    + "or list the public origin in allowed-origins)");
        }
        if (UPLOAD_PATH.matcher(ctx.path()).matches() && ctx.method().name().equals("POST")) {
            if (Caller.credential(ctx) == Caller.Credential.COOKIE && ctx.header(UPLOAD_HEADER) == null) {
                throw new ApiException(403, "upload_header_required", "an upload signed in by cookie needs the header "
                        + UPLOAD_HEADER + ": 1 (scripts with Authorization: Bearer need none)");
            }
        } else if (hasBody(ctx) && !isJson(ctx.header("Content-Type"))
                && !(bearer && ctx.routeRoles().contains(Access.ROOM_POSTER))) {
            throw new ApiException(403, "json_required", ctx.method() + " " + ctx.path() + " needs its body as "
                    + "Content-Type: application/json (got " + describe(ctx.header("Content-Type")) + ")");
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }

    /** Whether {@code origin} names the host and port this request was addressed to (http or https). */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception e) {
            return false; // "null" (sandboxed frames, file: pages) and garbage are never this server
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        URI host;
        try {
            host = new URI("http://" + hostHeader.trim());
        } catch (Exception e) {
            return false;
        }
        if (host.getHost() == null) {
            return false;
        }
        int hostPort = host.getPort() < 0 ? defaultPort : host.getPort();
        return host.getHost().equalsIgnoreCase(uri.getHost()) && hostPort == originPort;
    }

    private static String describe(String contentType) {
        return contentType == null ? "no Content-Type" : "'" + contentType + "'";
    }
}
