package chat.parley.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every HTTP route of Parley, grouped by path. */
final class ApiRoutes {

    private final ServerStatus status;
    private final HistoryRoutes history;
    private final ClaimRoutes claims;
    private final AdminRoutes admin;
    private final AdminClientRoutes adminClients;
    private final ModerationRoutes moderation;
    private final StatsRoutes stats;
    private final PrometheusMeterRegistry metrics;
    private final QrRoutes qr;
    private final AppShellRoutes appShell;
    private final OpenApiRoutes openApi = new OpenApiRoutes();
    private final TlsRoutes tls;
    private SessionRoutes sessions;
    private AccountRoutes accounts;
    private PrivateRoomRoutes privateRooms;
    private RoomNameRoutes roomNames;
    private FileRoutes files;
    private final BridgeRoutes bridge;
    private final RoomMetaRoutes roomMeta;
    private BotRoutes bots;
    private HookRoutes hooks;
    private OutgoingHookRoutes outgoingHooks;
    private PostRoutes posts;
    private PushRoutes push;

    ApiRoutes(ServerStatus status, HistoryRoutes history, ClaimRoutes claims, AdminRoutes admin,
              AdminClientRoutes adminClients, ModerationRoutes moderation, StatsRoutes stats,
              PrometheusMeterRegistry metrics, BridgeRoutes bridge, RoomMetaRoutes roomMeta) {
        this.status = status;
        this.history = history;
        this.claims = claims;
        this.admin = admin;
        this.adminClients = adminClients;
        this.moderation = moderation;
        this.stats = stats;
        this.metrics = metrics;
        this.qr = new QrRoutes(status.config(), status.tls());
        this.appShell = new AppShellRoutes(status.config());
        this.tls = new TlsRoutes(status.tls());
        this.bridge = bridge;
        this.roomMeta = roomMeta;
    }

    /** The routes of sign-in, accounts, private rooms and room names (given apart to keep the constructor short). */
    void addAccounts(SessionRoutes sessionRoutes, AccountRoutes accountRoutes, PrivateRoomRoutes privateRoomRoutes,
                     RoomNameRoutes roomNameRoutes) {
        this.sessions = sessionRoutes;
        this.accounts = accountRoutes;
        this.privateRooms = privateRoomRoutes;
        this.roomNames = roomNameRoutes;
    }

    /** The routes of bots, webhooks and posting over HTTP. */
    void addBots(BotRoutes botRoutes, HookRoutes hookRoutes, OutgoingHookRoutes outgoingHookRoutes,
                 PostRoutes postRoutes) {
        this.bots = botRoutes;
        this.hooks = hookRoutes;
        this.outgoingHooks = outgoingHookRoutes;
        this.posts = postRoutes;
    }

    /** The routes of Web Push: the server's key and the users' subscriptions. */
    void addPush(PushRoutes pushRoutes) {
        this.push = pushRoutes;
    }

    /** The routes of shared files (given apart to keep the constructor short). */
    void addFiles(FileRoutes fileRoutes) {
        this.files = fileRoutes;
    }

    /**
     * Registers every route with the {@link Access} it allows; the guards run before each matched route: first the
     * cross-site rules ({@link CsrfGuard}), then who may call it ({@link AccessGuard}). A route can only be added here
     * with a declaration, and one added elsewhere without it is refused by the guard.
     */
    void register(RoutesConfig routes, CsrfGuard csrf, AccessGuard guard) {
        routes.beforeMatched(this::refuseWhileStarting);
        routes.beforeMatched(csrf::check);
        routes.beforeMatched(guard::check);
        var r = new Table(routes);
        r.get("/api/health", Access.PUBLIC, this::health);
        r.get("/api/info", Access.PUBLIC, this::info);
        r.get("/api/qr.svg", Access.PUBLIC, qr::svg);
        r.get("/api/openapi.json", Access.PUBLIC, openApi::document);
        r.get("/api/tls/ca.crt", Access.PUBLIC, tls::der);
        r.get("/api/tls/ca.pem", Access.PUBLIC, tls::pem);
        r.get("/manifest.webmanifest", Access.PUBLIC, appShell::manifest);
        r.get("/sw.js", Access.PUBLIC, appShell::worker);

        r.post("/api/claim", Access.PUBLIC, claims::claim);
        r.post("/api/login", Access.PUBLIC, sessions::login);
        r.post("/api/logout", Access.PUBLIC, sessions::logout);
        r.get("/api/session", Access.SIGNED_IN, sessions::session);
        r.post("/api/signup", Access.PUBLIC, sessions::signup);
        r.get("/api/push/key", Access.PUBLIC, push::key);
        r.post("/api/push/subscriptions", Access.SIGNED_IN, push::subscribe);
        r.delete("/api/push/subscriptions", Access.SIGNED_IN, push::unsubscribe);
        r.get("/api/private-rooms", Access.SIGNED_IN, privateRooms::list);
        r.post("/api/private-rooms", Access.SIGNED_IN, privateRooms::create);
        r.post("/api/private-rooms/{room}/members", Access.PRIVATE_ROOM_MEMBER, privateRooms::invite);
        r.delete("/api/private-rooms/{room}/members/{user}", Access.PRIVATE_ROOM_MEMBER, privateRooms::leave);

        r.get("/api/admin/claims", Access.ADMIN, accounts::claims);
        r.delete("/api/admin/claims/{user}", Access.ADMIN, admin::releaseClaim);
        r.get("/api/admin/users", Access.ADMIN, accounts::list);
        r.post("/api/admin/users", Access.ADMIN, accounts::add);
        r.put("/api/admin/users/{user}/password", Access.ADMIN, accounts::resetPassword);
        r.delete("/api/admin/users/{user}", Access.ADMIN, accounts::remove);
        r.get("/api/admin/clients", Access.ADMIN, adminClients::list);
        r.delete("/api/admin/clients/{id}", Access.ADMIN, adminClients::kick);
        r.get("/api/admin/rooms", Access.ADMIN, moderation::rooms);
        r.delete("/api/admin/rooms/{room}", Access.ADMIN, moderation::deleteRoom);
        r.delete("/api/admin/rooms/{room}/messages/{seq}", Access.ADMIN, moderation::deleteMessage);
        r.put("/api/admin/rooms/{room}/name", Access.ADMIN, roomNames::setAsAdmin);
        r.get("/api/admin/stats", Access.ADMIN, stats::stats);
        r.get("/api/admin/bridge", Access.ADMIN, bridge::status);
        r.put("/api/admin/bridge", Access.ADMIN, bridge::update);
        r.get("/api/bridge", Access.PUBLIC, bridge::rooms);
        r.get("/api/admin/bots", Access.ADMIN, bots::list);
        r.post("/api/admin/bots", Access.ADMIN, bots::create);
        r.post("/api/admin/bots/{bot}/token", Access.ADMIN, bots::rotate);
        r.delete("/api/admin/bots/{bot}/token", Access.ADMIN, bots::revoke);
        r.delete("/api/admin/bots/{bot}", Access.ADMIN, bots::remove);
        r.get("/api/admin/hooks", Access.ADMIN, hooks::list);
        r.post("/api/admin/hooks", Access.ADMIN, hooks::create);
        r.delete("/api/admin/hooks/{id}", Access.ADMIN, hooks::remove);
        r.get("/api/admin/outgoing-hooks", Access.ADMIN, outgoingHooks::list);
        r.post("/api/admin/outgoing-hooks", Access.ADMIN, outgoingHooks::create);
        r.delete("/api/admin/outgoing-hooks/{id}", Access.ADMIN, outgoingHooks::remove);
        r.post("/hooks/{token}", Access.HOOK, hooks::receive);

        r.get("/api/rooms", Access.PUBLIC, history::rooms);
        r.get("/api/rooms/{room}/messages", Access.ROOM_READER, history::messages);
        r.post("/api/rooms/{room}/messages", Access.ROOM_POSTER, posts::post);
        r.get("/api/rooms/{room}/export", Access.ROOM_READER, history::export);
        r.get("/api/rooms/{room}/meta", Access.ROOM_READER, roomMeta::get);
        r.post("/api/rooms/{room}/meta", Access.ROOM_WRITER, roomMeta::create);
        r.put("/api/rooms/{room}/meta/check", Access.ROOM_WRITER, roomMeta::addCheck);
        r.get("/api/rooms/{room}/listing", Access.ROOM_READER, roomMeta::listing);
        r.put("/api/rooms/{room}/listing", Access.ROOM_WRITER, roomMeta::setListing);
        r.put("/api/rooms/{room}/name", Access.ROOM_WRITER, roomNames::set);
        r.get("/api/search", Access.PUBLIC, history::search);
        r.post("/api/rooms/{room}/files", Access.ROOM_WRITER, files::upload);
        r.get("/api/files/{id}", Access.FILE_READER, files::download);
        r.get("/api/files/{id}/thumb", Access.FILE_READER, files::thumbnail);

        r.get("/metrics", status.config().metricsPublic() ? Access.PUBLIC : Access.ADMIN,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }

    /** Route registration that cannot leave out the {@link Access} (Javalin's own methods could). */
    private record Table(RoutesConfig routes) {
        void get(String path, Access access, Handler handler) {
            routes.get(path, handler, access);
        }

        void post(String path, Access access, Handler handler) {
            routes.post(path, handler, access);
        }

        void put(String path, Access access, Handler handler) {
            routes.put(path, handler, access);
        }

        void delete(String path, Access access, Handler handler) {
            routes.delete(path, handler, access);
        }
    }

    /**
     * The web server listens while the broker is still starting (they start side by side): until the whole server is
     * up, every API route but the health check answers 503, so nothing reaches a broker that is not there yet.
     */
    private void refuseWhileStarting(Context ctx) {
        if (!status.started().getAsBoolean() && ctx.path().startsWith("/api/") && !"/api/health".equals(ctx.path())) {
            ctx.header("Retry-After", "1");
            throw new ApiException(503, "starting", "the server is starting; try again in a second");
        }
    }

    /**
     * 200 only when everything works: a failing store is 503 too, so load balancers and Docker notice it. On a web node
     * a lost broker connection is {@code down} here, while the routes that need only the database go on answering.
     */
    private void health(Context ctx) {
        boolean brokerUp = status.brokerUp().getAsBoolean();
        var storeProblem = status.storeProblem().get();
        var body = new LinkedHashMap<String, Object>();
        body.put("status", !brokerUp ? "down" : storeProblem.isPresent() ? "degraded" : "up");
        body.put("broker", brokerUp ? "up" : "down");
        body.put("http", "up");
        body.put("store", storeProblem.isPresent() ? "failing" : "up");
        storeProblem.ifPresent(reason -> body.put("reason", reason));
        ctx.status(brokerUp && storeProblem.isEmpty() ? 200 : 503).json(body);
    }

    /** Server name, version, auth mode and the MQTT endpoints, addressed by the host name the client used. */
    private void info(Context ctx) {
        String host = hostOf(ctx);
        var config = status.config();
        var body = new LinkedHashMap<String, Object>();
        body.put("name", config.name());
        body.put("version", status.version());
        body.put("auth", config.auth().name().toLowerCase(java.util.Locale.ROOT));
        body.put("signup", config.auth() == chat.parley.config.AuthMode.ACCOUNTS && config.access().selfSignup());
        body.put("prefix", config.prefix());
        var webNode = config.webNode();
        if (webNode.enabled()) { // the broker runs elsewhere: clients connect to it, never through this node
            body.put("mqtt", Map.of("port", webNode.port(), "url", webNode.brokerUrl()));
            body.put("ws", Map.of("port", webNode.wsPort(), "path", java.net.URI.create(webNode.brokerWsUrl())
                    .getRawPath(), "url", webNode.brokerWsUrl()));
        } else {
            body.put("mqtt", Map.of("port", status.mqttPort(), "url", "mqtt://" + host + ":" + status.mqttPort()));
            body.put("ws", Map.of("port", status.wsPort(), "path", status.wsPath(), "url", webSocketUrl(ctx, host)));
        }
        body.put("tls", tlsInfo(host));
        body.put("bridge", bridge.summary());
        body.put("limits", Map.of("maxTextChars", config.maxTextChars(), "maxPayloadBytes", config.maxPayloadBytes(),
                "maxFileBytes", config.files().maxFileBytes(), "fileQuotaBytes", config.files().quotaBytes(),
                "typingMaxPeople", config.typingMaxPeople()));
        ctx.json(body);
    }

    /** The TLS endpoints, or {@code {"enabled":false}}; {@code ca} is the local CA's download path or null. */
    private Map<String, Object> tlsInfo(String host) {
        var tls = status.tls();
        var body = new LinkedHashMap<String, Object>();
        body.put("enabled", tls.enabled());
        if (tls.enabled()) {
            int https = tls.httpsPort().getAsInt();
            var webNode = status.config().webNode();
            if (webNode.enabled()) { // only the broker's own TLS listeners, if it has them: none are here
                if (webNode.tls()) {
                    body.put("mqtts", Map.of("port", webNode.port(), "url", webNode.brokerUrl()));
                }
                if (webNode.brokerWsUrl().startsWith("wss://")) {
                    body.put("wss", Map.of("port", webNode.wsPort(), "path", java.net.URI.create(
                            webNode.brokerWsUrl()).getRawPath(), "url", webNode.brokerWsUrl()));
                }
            } else {
                body.put("mqtts", Map.of("port", tls.mqttsPort(), "url", "mqtts://" + host + ":" + tls.mqttsPort()));
                body.put("wss", Map.of("port", tls.wssPort(), "path", status.wsPath(),
                        "url", "wss://" + host + ":" + tls.wssPort() + status.wsPath()));
            }
            body.put("https", Map.of("port", https, "url", "https://" + host + ":" + https + "/"));
            body.put("ca", tls.localCa() == null ? null : "/api/tls/ca.crt");
        }
        return body;
    }

    /**
     * Where the browser opens its MQTT WebSocket: Parley's own WebSocket port on the host it used (the secure one when
     * the page came over HTTPS or plain listeners are off), or, behind a
     * reverse proxy (an {@code X-Forwarded-Proto} or {@code X-Forwarded-Host} header), the proxy's own address and
     * scheme with the path {@code /mqtt}, which the proxy forwards to the WebSocket port.
     */
    private String webSocketUrl(Context ctx, String host) {
        String proto = ctx.header("X-Forwarded-Proto");
        String forwardedHost = ctx.header("X-Forwarded-Host");
        if (proto == null && forwardedHost == null) {
            boolean secure = status.tls().enabled() && ("https".equalsIgnoreCase(ctx.scheme()) || status.wsPort() == 0);
            return secure ? "wss://" + host + ":" + status.tls().wssPort() + status.wsPath()
                    : "ws://" + host + ":" + status.wsPort() + status.wsPath();
        }
        String publicHost = forwardedHost != null ? forwardedHost.split(",")[0].trim() : ctx.host();
        boolean secure = proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https");
        return (secure ? "wss://" : "ws://") + publicHost + status.wsPath();
    }

    /** The host part of the Host header (IPv6 literals keep their brackets), or localhost without one. */
    static String hostOf(Context ctx) {
        String header = ctx.host();
        if (header == null || header.isBlank()) {
            return "localhost";
        }
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end > 0 ? header.substring(0, end + 1) : "localhost";
        }
        int colon = header.indexOf(':');
        return colon >= 0 ? header.substring(0, colon) : header;
    }
}
