package chat.parley;

import chat.parley.accounts.AdminToken;
import chat.parley.accounts.Accounts;
import chat.parley.bridge.Bridge;
import chat.parley.broker.EmbeddedBroker;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.broker.RoomMetaPublisher;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.files.FileSweeper;
import chat.parley.files.SharedFiles;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.BrokerPersistence;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Settings;
import chat.parley.db.DamagedDatabaseException;
import chat.parley.db.Database;
import chat.parley.history.MessageStore;
import chat.parley.history.RetentionJob;
import chat.parley.history.SqliteMessageStore;
import chat.parley.broker.TrafficRates;
import chat.parley.hooks.Hooks;
import chat.parley.push.WebPushNotifier;
import chat.parley.http.AdminServices;
import chat.parley.http.HttpServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import chat.parley.http.ServerStatus;
import chat.parley.http.TlsInfo;
import chat.parley.tls.ServerTls;
import chat.parley.tls.TlsException;
import chat.parley.tls.TlsIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Parley server: the history store, the embedded MQTT broker with the chat extension, and the web
 * server. Also the embedding API for tests:
 * <pre>{@code
 * try (var server = ParleyServer.start(ParleyConfig.ephemeral(tempDir))) {
 *     int port = server.mqttPort();
 * }
 * }</pre>
 * Only one server can run per JVM (HiveMQ's extension services are JVM-wide); start a second one as a separate
 * process. A closed server cannot be restarted: start a new one.
 */
public final class ParleyServer implements AutoCloseable {

    /** How often retention runs. */
    static final Duration RETENTION_INTERVAL = Duration.ofMinutes(1);

    private final ParleyConfig config;
    private final MessageStore store;
    private final EmbeddedBroker broker;
    private final HttpServer http;
    private final RefusalCounter refusals;
    private final AdminToken adminToken;
    private final TlsIdentity tls;
    private final Bridge bridge;
    private final SharedFiles files;
    private final Deque<AutoCloseable> running;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(ParleyConfig config, MessageStore store, EmbeddedBroker broker, HttpServer http,
                         RefusalCounter refusals, AdminToken adminToken, TlsIdentity tls, Bridge bridge,
                         SharedFiles files, Deque<AutoCloseable> running) {
        this.config = config;
        this.store = store;
        this.broker = broker;
        this.http = http;
        this.refusals = refusals;
        this.adminToken = adminToken;
        this.tls = tls;
        this.bridge = bridge;
        this.files = files;
        this.running = running;
    }

    /**
     * Opens the store, starts the broker, then the web server. Blocks until all listen (a few seconds).
     *
     * @throws StartupException with a one-line explanation when anything cannot start; nothing is left running
     */
    public static ParleyServer start(ParleyConfig config) {
        SharedLibraries.requireCompatible(); // before HiveMQ would fail on an older Netty with a wall of Guice errors
        Logging.apply(config.verbose());
        try {
            OwnerOnly.createDirectories(config.dataDir()); // rwx------: it holds the history, logins and keys
            if (OwnerOnly.isShared(config.dataDir())) {
                // A directory the user chose and made is theirs to set: say so, don't change it behind their back.
                org.slf4j.LoggerFactory.getLogger(ParleyServer.class).warn("the data dir {} can be read by other "
                        + "users; `chmod 700 {}` keeps the chat history private", config.dataDir().toAbsolutePath(),
                        config.dataDir().toAbsolutePath());
            }
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + config.dataDir() + ": " + e.getMessage()
                    + "; choose another with " + Settings.DATA_DIR.flag(), e);
        }
        if (config.tls().plain()) {
            PortCheck.requireFree(config.bind(), config.mqttPort(), "MQTT", Settings.MQTT_PORT);
            PortCheck.requireFree(config.bind(), config.wsPort(), "MQTT WebSocket", Settings.WS_PORT);
            PortCheck.requireFree(config.bind(), config.httpPort(), "HTTP", Settings.HTTP_PORT);
        }
        if (config.tls().enabled()) {
            PortCheck.requireFree(config.bind(), config.tls().mqttsPort(), "MQTT over TLS", Settings.MQTTS_PORT);
            PortCheck.requireFree(config.bind(), config.tls().wssPort(), "MQTT secure WebSocket", Settings.WSS_PORT);
            PortCheck.requireFree(config.bind(), config.tls().httpsPort(), "HTTPS", Settings.HTTPS_PORT);
        }
        TlsIdentity tls = openTls(config);

        Instant started = Instant.now();
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        var json = new ObjectMapper();
        var refusals = new RefusalCounter(metrics);
        var rules = new MessageRules(json, config.maxTextChars(), config.maxPayloadBytes());
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            Database database = openDatabase(config);
            MessageStore store = openStore(database, config, json, metrics);
            running.push(store);
            running.push(RetentionJob.start(store, RETENTION_INTERVAL, Clock.systemUTC()));
            Accounts accounts = openAccounts(config, database, metrics);
            running.push(accounts);
            RoomMetaStore roomMetas = openRoomMetas(database, json);
            SharedFiles files = openFiles(database, config, metrics);
            running.push(files);
            files.encryptedRooms(roomMetas::isEncrypted);
            running.push(FileSweeper.start(files, RETENTION_INTERVAL, Clock.systemUTC()));
            var extension = new ParleyExtension(new Topics(config.prefix()), rules, store, accounts, config.rateLimit(),
                    refusals, json, metrics, config.clientLimits(),
                    config.brokerPersistence() == BrokerPersistence.FILE
                            ? config.dataDir().toAbsolutePath().resolve("broker").resolve("session-owners.json") : null);
            extension.requireCiphertextIn(roomMetas::isEncrypted);
            extension.useFiles(files);
            // The server's own pages may open the MQTT WebSocket; their ports are known once each listener is bound.
            var ownPorts = new java.util.concurrent.atomic.AtomicIntegerArray(4); // http, https, ws, wss
            extension.allowWebSocketOrigins(config.allowedOrigins(), java.util.List.of(() -> ownPorts.get(0),
                    () -> ownPorts.get(1), () -> ownPorts.get(2), () -> ownPorts.get(3)));
            EmbeddedBroker broker = EmbeddedBroker.start(config, extension, tls);
            ownPorts.set(2, broker.wsPort());
            ownPorts.set(3, broker.wssPort());
            running.push(broker);
            // retained messages live in memory: publish every room's meta again, then each change
            new RoomMetaPublisher(new Topics(config.prefix()), json, roomMetas, accounts.roomNames()).publishAll();
            DropwizardExports.builder().dropwizardRegistry(extension.brokerMetrics())
                    .register(metrics.getPrometheusRegistry());
            Bridge bridge = startBridge(config, database, store, extension, accounts, files, json, metrics);
            running.push(bridge);
            TrafficRates traffic = TrafficRates.start(metrics);
            running.push(traffic);
            var httpsPort = new java.util.concurrent.atomic.AtomicInteger();
            var tlsInfo = tls == null ? TlsInfo.NONE : new TlsInfo(broker.mqttsPort(), broker.wssPort(),
                    httpsPort::get, tls.localCa());
            var status = new ServerStatus(config, Version.current(), broker.mqttPort(), broker.wsPort(),
                    EmbeddedBroker.wsPath(), () -> true, tlsInfo, store::writeProblem);
            AdminToken adminToken = openAdminToken(config);
            var admin = new AdminServices(extension.clientControl(), extension.systemMessages(), traffic, started,
                    bridge, refusals);
            Hooks hooks = startHooks(config, database, extension, accounts, json, metrics);
            running.push(hooks);
            WebPushNotifier push = startPush(config, database, extension, accounts, roomMetas, json, metrics);
            running.push(push);
            HttpServer http = HttpServer.start(status, store, accounts, adminToken, admin, json, metrics, tls,
                    roomMetas, hooks, files, push);
            httpsPort.set(http.httpsPort());
            ownPorts.set(0, http.port());
            ownPorts.set(1, http.httpsPort());
            running.push(http);
            if (config.discovery()) { // last to start, first to stop: nobody is sent to a server that is going away
                running.push(chat.parley.lan.LanAdvertiser.start(config, http.port(), broker.mqttPort(),
                        broker.wsPort(), EmbeddedBroker.wsPath(), Version.current(), http.httpsPort(),
                        broker.mqttsPort(), broker.wssPort()));
            }
            return new ParleyServer(config, store, broker, http, refusals, adminToken, tls, bridge, files, running);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    private static TlsIdentity openTls(ParleyConfig config) {
        try {
            return ServerTls.open(config, Clock.systemUTC()).orElse(null);
        } catch (TlsException e) {
            throw new StartupException(e.getMessage() + "; see " + Settings.TLS.flag() + ", "
                    + Settings.TLS_CERT.flag() + ", " + Settings.TLS_KEY.flag(), e);
        }
    }

    private static Database openDatabase(ParleyConfig config) {
        var file = config.dataDir().resolve("parley.db");
        try {
            return Database.open(file, config.durability());
        } catch (DamagedDatabaseException e) {
            throw new StartupException(e.getMessage() + "; Parley will not start on it: stop here and run "
                    + "`parley doctor` for the recovery steps (sqlite3 .recover, or restore a copy)", e);
        } catch (SQLException e) {
            throw new StartupException("cannot open the database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static MessageStore openStore(Database database, ParleyConfig config, ObjectMapper json,
                                          PrometheusMeterRegistry metrics) {
        try {
            return SqliteMessageStore.open(database, config.retention(), json, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot open the message history: " + e.getMessage(), e);
        }
    }

    private static Bridge startBridge(ParleyConfig config, Database database, MessageStore store,
                                      ParleyExtension extension, Accounts accounts, SharedFiles files,
                                      ObjectMapper json, PrometheusMeterRegistry metrics) {
        try {
            return Bridge.start(config.bridge(), config.dataDir(), config.name(), database, store, extension.intake(),
                    extension.systemMessages(), accounts.privateRooms()::isPrivate, files, json, metrics);
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot start the bridge: " + e.getMessage(), e);
        }
    }

    private static Hooks startHooks(ParleyConfig config, Database database, ParleyExtension extension,
                                    Accounts accounts, ObjectMapper json, PrometheusMeterRegistry metrics) {
        try {
            return Hooks.start(config.hooks(), config.name(), database, extension.intake(), accounts, json, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot open the webhooks: " + e.getMessage(), e);
        }
    }

    private static WebPushNotifier startPush(ParleyConfig config, Database database, ParleyExtension extension,
                                             Accounts accounts, RoomMetaStore roomMetas, ObjectMapper json,
                                             PrometheusMeterRegistry metrics) {
        try {
            var push = WebPushNotifier.start(config.push(), config.dataDir(), database,
                    extension.clientControl()::isConnected,
                    (room, user) -> accounts.rooms().mayRead(room, java.util.Optional.of(user)),
                    roomMetas::isEncrypted, json, metrics);
            extension.intake().onAccepted(push::accepted);
            return push;
        } catch (IOException e) {
            throw new StartupException("cannot read or make the Web Push key in " + config.dataDir() + ": "
                    + e.getMessage() + "; or turn push off with " + Settings.WEB_PUSH.flag(), e);
        }
    }

    private static AdminToken openAdminToken(ParleyConfig config) {
        try {
            return AdminToken.loadOrCreate(config.dataDir(), config.adminToken());
        } catch (IOException e) {
            throw new StartupException("cannot read or create the admin token in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static RoomMetaStore openRoomMetas(Database database, ObjectMapper json) {
        try {
            return RoomMetaStore.open(database, json);
        } catch (SQLException e) {
            throw new StartupException("cannot read the meta of encrypted rooms: " + e.getMessage(), e);
        }
    }

    private static SharedFiles openFiles(Database database, ParleyConfig config, PrometheusMeterRegistry metrics) {
        try {
            return SharedFiles.open(database, config.dataDir(), config.files(), metrics);
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot open the shared files in " + config.dataDir().resolve("files") + ": "
                    + e.getMessage(), e);
        }
    }

    private static Accounts openAccounts(ParleyConfig config, Database database, PrometheusMeterRegistry metrics) {
        try {
            return Accounts.open(config, database, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot read claimed names, accounts or private rooms: " + e.getMessage(), e);
        }
    }

    /** The configuration this server was started with (ports as configured; see the port getters). */
    public ParleyConfig config() {
        return config;
    }

    /** The bound HTTP port of the web client and REST API, or 0 when plain listeners are off. */
    public int httpPort() {
        return http.port();
    }

    /** The bound HTTPS port of the web client and REST API, or 0 without TLS. */
    public int httpsPort() {
        return http.httpsPort();
    }

    /** The bound MQTT over TLS port, or 0 without TLS. */
    public int mqttsPort() {
        return broker.mqttsPort();
    }

    /** The bound MQTT over secure WebSocket port (path {@code /mqtt}), or 0 without TLS. */
    public int wssPort() {
        return broker.wssPort();
    }

    /** The certificate the TLS listeners present (with the local CA under {@code tls: auto}), if TLS is on. */
    public java.util.Optional<TlsIdentity> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    /** The bound MQTT TCP port. */
    public int mqttPort() {
        return broker.mqttPort();
    }

    /** The bound MQTT-over-WebSocket port (path {@code /mqtt}). */
    public int wsPort() {
        return broker.wsPort();
    }

    /** Every HTTP route this server answers, as {@code METHOD path} (the OpenAPI document lists the same). */
    public java.util.List<String> httpRoutes() {
        return http.routes();
    }

    /**
     * Who may call each HTTP route, by {@code METHOD path}: the access it declared ({@code public}, {@code signed-in},
     * {@code room-reader}, {@code room-writer}, {@code private-room-member}, {@code admin}; {@code none} if it declared
     * none). The OpenAPI document names the same as {@code x-parley-access}.
     */
    public java.util.Map<String, String> httpRouteAccess() {
        return http.routeAccess();
    }

    /** The message history. */
    public MessageStore store() {
        return store;
    }

    /** The admin API's bearer token ({@link AdminToken#created()} when it was generated by this start). */
    public AdminToken adminToken() {
        return adminToken;
    }

    /** The bridge to the remote broker (enabled or not). */
    public Bridge bridge() {
        return bridge;
    }

    /** The files people shared (uploads, thumbnails, cleanup). */
    public SharedFiles files() {
        return files;
    }

    /** Counts of refused chat publishes, by reason. */
    public RefusalCounter refusals() {
        return refusals;
    }

    /** Stops the web server, the broker, then the store: the reverse of start. Safe to call twice. Takes ~2 s. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(running);
        }
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ParleyServer.class).warn("while stopping: {}", e.toString());
            }
        }
    }
}
