package chat.parley.http;

import java.util.List;

import chat.parley.StartupException;
import chat.parley.accounts.AdminToken;
import chat.parley.accounts.Accounts;
import chat.parley.accounts.ClaimLimiter;
import chat.parley.config.Settings;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.files.SharedFiles;
import chat.parley.files.StoredFile;
import chat.parley.history.MessageStore;
import chat.parley.hooks.Hooks;
import chat.parley.push.WebPushNotifier;
import chat.parley.tls.TlsIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.Roles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Javalin web server: the browser client's files, the REST API and metrics. It never relays chat traffic; the
 * browser talks MQTT to the broker directly.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /**
     * The page's content security policy (the same as the meta tag in {@code web/index.html}, plus what only a header
     * can say: no framing). User text can never become script.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Request attribute set when a route already answered with an error body. */
    private static final String ANSWERED = "parley.error-answered";

    private final Javalin app;
    private final HttpsConnectors connectors;

    private HttpServer(Javalin app, HttpsConnectors connectors) {
        this.app = app;
        this.connectors = connectors;
    }

    /**
     * Starts the web server on the configured address and port (0 picks a free port); with a TLS identity also on the
     * HTTPS port (and on the plain port only if the config keeps plain listeners).
     *
     * @param tls the certificate and key, or null for no HTTPS
     * @throws StartupException when a port cannot be bound
     */
    public static HttpServer start(ServerStatus status, MessageStore store, Accounts accounts, AdminToken adminToken,
                                   AdminServices admin, ObjectMapper json, PrometheusMeterRegistry metrics,
                                   TlsIdentity tls, RoomMetaStore roomMetas, Hooks hooks, SharedFiles files,
                                   WebPushNotifier push) {
        var config = status.config();
        var connectors = new HttpsConnectors(config, tls);
        var claims = accounts.claims();
        var claimLimiter = new ClaimLimiter(config.claimsPerMinute(), Clock.systemUTC(), metrics);
        var routes = new ApiRoutes(status, new HistoryRoutes(store, json, config.name(), accounts.rooms(),
                accounts.roomNames()),
                new ClaimRoutes(claims, json, config.auth() == chat.parley.config.AuthMode.ACCOUNTS, claimLimiter,
                        accounts::isBot),
                new AdminRoutes(claims), new AdminClientRoutes(admin.clients()),
                new ModerationRoutes(store, admin.system()),
                new StatsRoutes(admin.clients(), admin.traffic(), store, config.dataDir(), admin.started(),
                        files::stats, admin.startup(), config.webNode().enabled()), metrics,
                new BridgeRoutes(admin.bridge()), new RoomMetaRoutes(roomMetas, store, json, accounts.rooms()));
        routes.addAccounts(new SessionRoutes(accounts, json),
                new AccountRoutes(accounts, admin.clients(), json),
                new PrivateRoomRoutes(accounts, store, json), new RoomNameRoutes(accounts.roomNames(), json));
        routes.addBots(new BotRoutes(accounts, hooks, admin.clients(), json),
                new HookRoutes(hooks, accounts, json, config.maxTextChars(),
                        4 * config.maxPayloadBytes()), new OutgoingHookRoutes(hooks, json),
                new PostRoutes(hooks.poster(), config.maxPayloadBytes()));
        routes.addFiles(new FileRoutes(files, json));
        routes.addPush(new PushRoutes(push, json));
        var csrf = new CsrfGuard(config.allowedOrigins());
        var guard = new AccessGuard(accounts, adminToken, hooks.incoming(), admin.refusals(),
                id -> files.find(id).map(StoredFile::room));
        var httpMetrics = new HttpMetrics(metrics);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = config.bind();
            cfg.jetty.port = config.httpPort();
            connectors.install(cfg.jetty);
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.staticFiles.add(statics -> {
                statics.hostedPath = "/";
                statics.headers = java.util.Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
                        "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
                if (config.webDirOverride().isPresent()) {
                    statics.directory = config.webDirOverride().get().toAbsolutePath().toString();
                    statics.location = Location.EXTERNAL;
                } else {
                    statics.directory = "/web";
                    statics.location = Location.CLASSPATH;
                }
            });
            cfg.requestLogger.http(httpMetrics::record);
            routes.register(cfg.routes, csrf, guard);
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                ApiError error = e.toError();
                ctx.attribute(ANSWERED, true);
                ctx.status(error.status()).json(error);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiError(500, "internal_error", "unexpected server error"));
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api/") && ctx.attribute(ANSWERED) == null) {
                    ctx.json(new ApiError(404, "not_found", "no such API route: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            if (hasCause(e, BindException.class)) {
                boolean https = tls != null && !config.tls().plain();
                throw new StartupException((https ? "HTTPS port " + config.tls().httpsPort() : "HTTP port "
                        + config.httpPort()) + " could not be bound on " + config.bind()
                        + " (already in use?); choose another with "
                        + (https ? Settings.HTTPS_PORT.flag() : Settings.HTTP_PORT.flag() + " or "
                        + Settings.HTTPS_PORT.flag()), e);
            }
            throw new StartupException("the web server failed to start: " + e.getMessage(), e);
        }
        return new HttpServer(app, connectors);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Every registered route as {@code METHOD path}, e.g. {@code GET /api/rooms/{room}/messages}; filters excluded. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .distinct()
                .toList();
    }

    /**
     * The {@link Access} each registered route declared, by {@code METHOD path}, as the OpenAPI document names it
     * ({@code public}, {@code signed-in}, {@code room-reader}, …); {@code none} for a route without a declaration
     * (which {@link AccessGuard} refuses).
     */
    public Map<String, String> routeAccess() {
        var access = new LinkedHashMap<String, String>();
        app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .forEach(endpoint -> {
                    Roles roles = endpoint.metadata(Roles.class);
                    String label = roles == null || roles.getRoles().size() != 1
                            || !(roles.getRoles().iterator().next() instanceof Access declared)
                            ? "none" : declared.label();
                    access.putIfAbsent(endpoint.method.name() + " " + endpoint.path, label);
                });
        return access;
    }

    /** The bound HTTP port, or 0 when plain listeners are off. */
    public int port() {
        return connectors.active() ? connectors.httpPort() : app.port();
    }

    /** The bound HTTPS port, or 0 without TLS. */
    public int httpsPort() {
        return connectors.httpsPort();
    }

    /** Stops accepting requests and closes open connections. */
    @Override
    public void close() {
        app.stop();
    }
}
