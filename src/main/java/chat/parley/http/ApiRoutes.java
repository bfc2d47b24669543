package chat.parley.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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
    private final OpenApiRoutes openApi = new OpenApiRoutes();
    private final RoomMetaRoutes roomMeta;

    ApiRoutes(ServerStatus status, HistoryRoutes history, ClaimRoutes claims, AdminRoutes admin,
              AdminClientRoutes adminClients, ModerationRoutes moderation, StatsRoutes stats,
              PrometheusMeterRegistry metrics, RoomMetaRoutes roomMeta) {
        this.status = status;
        this.history = history;
        this.claims = claims;
        this.admin = admin;
        this.adminClients = adminClients;
        this.moderation = moderation;
        this.stats = stats;
        this.metrics = metrics;
        this.qr = new QrRoutes(status.config());
        this.roomMeta = roomMeta;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", this::health);
        routes.get("/api/info", this::info);
        routes.get("/api/qr.svg", qr::svg);
        routes.get("/api/openapi.json", openApi::document);

        routes.post("/api/claim", claims::claim);

        routes.before("/api/admin/*", admin::requireToken);
        routes.delete("/api/admin/claims/{user}", admin::releaseClaim);
        routes.get("/api/admin/clients", adminClients::list);
        routes.delete("/api/admin/clients/{id}", adminClients::kick);
        routes.get("/api/admin/rooms", moderation::rooms);
        routes.delete("/api/admin/rooms/{room}", moderation::deleteRoom);
        routes.delete("/api/admin/rooms/{room}/messages/{seq}", moderation::deleteMessage);
        routes.get("/api/admin/stats", stats::stats);

        routes.get("/api/rooms", history::rooms);
        routes.get("/api/rooms/{room}/messages", history::messages);
        routes.get("/api/rooms/{room}/export", history::export);
        routes.get("/api/rooms/{room}/meta", roomMeta::get);
        routes.post("/api/rooms/{room}/meta", roomMeta::create);
        routes.get("/api/search", history::search);

        if (!status.config().metricsPublic()) {
            routes.before("/metrics", admin::requireToken);
        }
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
    }

    private void health(Context ctx) {
        boolean brokerUp = status.brokerUp().getAsBoolean();
        var body = new LinkedHashMap<String, Object>();
        body.put("status", brokerUp ? "up" : "down");
        body.put("broker", brokerUp ? "up" : "down");
        body.put("http", "up");
        ctx.status(brokerUp ? 200 : 503).json(body);
    }

    /** Server name, version, auth mode and the MQTT endpoints, addressed by the host name the client used. */
    private void info(Context ctx) {
        String host = hostOf(ctx);
        var config = status.config();
        var body = new LinkedHashMap<String, Object>();
        body.put("name", config.name());
        body.put("version", status.version());
        body.put("auth", config.auth().name().toLowerCase(java.util.Locale.ROOT));
        body.put("prefix", config.prefix());
        body.put("mqtt", Map.of("port", status.mqttPort(), "url", "mqtt://" + host + ":" + status.mqttPort()));
        body.put("ws", Map.of("port", status.wsPort(), "path", status.wsPath(), "url", webSocketUrl(ctx, host)));
        body.put("limits", Map.of("maxTextChars", config.maxTextChars(), "maxPayloadBytes", config.maxPayloadBytes()));
        ctx.json(body);
    }

    /**
     * Where the browser opens its MQTT WebSocket: Parley's own WebSocket port on the host it used, or, behind a
     * reverse proxy (an {@code X-Forwarded-Proto} or {@code X-Forwarded-Host} header), the proxy's own address and
     * scheme with the path {@code /mqtt}, which the proxy forwards to the WebSocket port.
     */
    private String webSocketUrl(Context ctx, String host) {
        String proto = ctx.header("X-Forwarded-Proto");
        String forwardedHost = ctx.header("X-Forwarded-Host");
        if (proto == null && forwardedHost == null) {
            return "ws://" + host + ":" + status.wsPort() + status.wsPath();
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
