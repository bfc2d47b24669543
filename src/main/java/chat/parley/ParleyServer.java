package chat.parley;

import chat.parley.accounts.AdminToken;
import chat.parley.accounts.Accounts;
import chat.parley.bridge.Bridge;
import chat.parley.broker.EmbeddedBroker;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.broker.RoomMetaPublisher;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.files.SharedFiles;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Settings;
import chat.parley.db.Database;
import chat.parley.db.SqlStore;
import chat.parley.history.MessageStore;
import chat.parley.broker.TrafficRates;
import chat.parley.hooks.Hooks;
import chat.parley.push.WebPushNotifier;
import chat.parley.http.AdminServices;
import chat.parley.http.HttpServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import chat.parley.http.BrokerPorts;
import chat.parley.http.ServerStatus;
import chat.parley.http.TlsInfo;
import chat.parley.node.NodeLink;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Parley server: the history store, the embedded MQTT broker with the chat extension, and the web
 * server; or, as a web node ({@code broker-url}), the store and the web server beside a broker that runs elsewhere.
 * Also the embedding API for tests:
 * <pre>{@code
 * try (var server = ParleyServer.start(ParleyConfig.ephemeral(tempDir))) {
 *     int port = server.mqttPort();
 * }
 * }</pre>
 * Only one server can run per JVM (HiveMQ's extension services are JVM-wide); start a second one as a separate
 * process. A closed server cannot be restarted: start a new one.
 */
public final class ParleyServer implements AutoCloseable {

    private final ParleyConfig config;
    private final MessageStore store;
    private final BrokerPorts brokerPorts;
    private final HttpServer http;
    private final RefusalCounter refusals;
    private final AdminToken adminToken;
    private final TlsIdentity tls;
    private final Bridge bridge;
    private final SharedFiles files;
    private final Deque<AutoCloseable> running;
    private final StartupTimes startupTimes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(ParleyConfig config, MessageStore store, BrokerPorts brokerPorts, HttpServer http,
                         RefusalCounter refusals, AdminToken adminToken, TlsIdentity tls, Bridge bridge,
                         SharedFiles files, Deque<AutoCloseable> running, StartupTimes startupTimes) {
        this.config = config;
        this.store = store;
        this.brokerPorts = brokerPorts;
        this.http = http;
        this.refusals = refusals;
        this.adminToken = adminToken;
        this.tls = tls;
        this.bridge = bridge;
        this.files = files;
        this.running = running;
        this.startupTimes = startupTimes;
    }

    /**
     * Opens the store, then starts the broker and the web server side by side. Blocks until all listen (a second or
     * two; {@link #startupTimes()} says how long each part took).
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
        boolean webNode = config.webNode().enabled(); // no broker here: only the web server listens
        if (config.tls().plain()) {
            if (!webNode) {
                PortCheck.requireFree(config.bind(), config.mqttPort(), "MQTT", Settings.MQTT_PORT);
                PortCheck.requireFree(config.bind(), config.wsPort(), "MQTT WebSocket", Settings.WS_PORT);
            }
            PortCheck.requireFree(config.bind(), config.httpPort(), "HTTP", Settings.HTTP_PORT);
        }
        if (config.tls().enabled()) {
            if (!webNode) {
                PortCheck.requireFree(config.bind(), config.tls().mqttsPort(), "MQTT over TLS", Settings.MQTTS_PORT);
                PortCheck.requireFree(config.bind(), config.tls().wssPort(), "MQTT secure WebSocket",
                        Settings.WSS_PORT);
            }
            PortCheck.requireFree(config.bind(), config.tls().httpsPort(), "HTTPS", Settings.HTTPS_PORT);
        }
        if (webNode) {
            config = WebNodeMode.adjust(config);
        }
        TlsIdentity tls = openTls(config);

        Instant started = Instant.now();
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        var json = new ObjectMapper();
        var refusals = new RefusalCounter(metrics);
        var rules = new MessageRules(json, config.maxTextChars(), config.maxPayloadBytes());
        Deque<AutoCloseable> running = new ArrayDeque<>();
        // What starts on this thread while the broker starts on its own; it stops before the broker.
        Deque<AutoCloseable> beside = new ArrayDeque<>();
        CompletableFuture<Timed<EmbeddedBroker>> brokerStart = null;
        try {
            ChatStores stores = ChatStores.open(config, json, metrics);
            running.push(stores);
            Database database = stores.database();
            MessageStore store = stores.store();
            Accounts accounts = stores.accounts();
            RoomMetaStore roomMetas = stores.roomMetas();
            SharedFiles files = stores.files();
            var extension = stores.extension(rules, refusals, json, metrics, ChatStores.embeddedSessionOwners(config));
            NodeLink link = null;
            if (webNode) { // what the server writes goes to the external broker over the node's own connection
                link = NodeLink.connect(config.webNode(), metrics);
                running.push(link);
                extension.publishThrough(link);
            } else {
                extension.trustNodes(config.webNode().nodeSecret()); // other Parleys may be web nodes of this one
            }
            NodeLink nodeLink = link;
            // The server's own pages may open the MQTT WebSocket; their ports are known once each listener is bound.
            var ownPorts = new java.util.concurrent.atomic.AtomicIntegerArray(4); // http, https, ws, wss
            extension.allowWebSocketOrigins(config.allowedOrigins(), java.util.List.of(() -> ownPorts.get(0),
                    () -> ownPorts.get(1), () -> ownPorts.get(2), () -> ownPorts.get(3)));
            Duration storeTime = Duration.between(started, Instant.now());

            // The broker needs the store (its extension stores before acknowledging); the web server needs the store
            // and, only to answer requests, the broker's ports: so both start now, side by side, and the API answers
            // 503 until the broker is up too.
            ParleyConfig settings = config;
            brokerStart = webNode ? null : inBackground("parley-broker-start", () -> startBroker(settings, extension,
                    tls, json, roomMetas, accounts, metrics));
            Instant webStarted = Instant.now();
            var brokerPorts = new AtomicReference<>(BrokerPorts.NONE);
            var up = new AtomicBoolean();
            // The bridge's inbound messages go into the broker: opened now, connected once the broker runs.
            Bridge bridge = startBridge(config, database, stores.shared(), store, extension, accounts, files, json,
                    metrics);
            beside.push(bridge);
            TrafficRates traffic = TrafficRates.start(metrics);
            beside.push(traffic);
            var httpsPort = new java.util.concurrent.atomic.AtomicInteger();
            var tlsInfo = tls == null ? TlsInfo.NONE : new TlsInfo(true, brokerPorts::get, httpsPort::get,
                    tls.localCa());
            var status = new ServerStatus(config, Version.current(), brokerPorts::get, EmbeddedBroker.wsPath(),
                    up::get, () -> up.get() && (nodeLink == null || nodeLink.connected()), tlsInfo,
                    store::writeProblem);
            AdminToken adminToken = openAdminToken(config);
            var times = new AtomicReference<StartupTimes>();
            var admin = new AdminServices(extension.clientControl(), extension.systemMessages(), traffic, started,
                    bridge, refusals, () -> times.get() == null ? java.util.Map.of() : times.get().millis());
            Hooks hooks = startHooks(config, stores, extension, accounts, json, metrics);
            beside.push(hooks);
            WebPushNotifier push = startPush(config, stores, extension, json, metrics);
            beside.push(push);
            HttpServer http = HttpServer.start(status, store, accounts, adminToken, admin, json, metrics, tls,
                    roomMetas, hooks, files, push);
            beside.push(http);
            httpsPort.set(http.httpsPort());
            ownPorts.set(0, http.port());
            ownPorts.set(1, http.httpsPort());
            Duration webTime = Duration.between(webStarted, Instant.now());

            Duration brokerTime;
            BrokerPorts ports;
            if (webNode) {
                brokerTime = Duration.ZERO; // connected before the web server started (NodeLink.connect)
                new RoomMetaPublisher(new Topics(config.prefix()), json, roomMetas, accounts.roomNames(), nodeLink)
                        .publishAll();
                ports = new BrokerPorts(config.webNode().port(), config.webNode().wsPort(), 0, 0);
            } else {
                Timed<EmbeddedBroker> brokerStarted = await(brokerStart);
                EmbeddedBroker broker = brokerStarted.value();
                running.push(broker);
                brokerTime = brokerStarted.took();
                ownPorts.set(2, broker.wsPort());
                ownPorts.set(3, broker.wssPort());
                ports = new BrokerPorts(broker.mqttPort(), broker.wsPort(), broker.mqttsPort(), broker.wssPort());
            }
            while (!beside.isEmpty()) { // in the order they started, so they stop in reverse, before the broker
                running.push(beside.pollLast());
            }
            brokerPorts.set(ports);
            if (config.bridge().enabled()) {
                try {
                    bridge.update(true, null);
                } catch (IllegalStateException e) {
                    throw new StartupException("cannot turn the bridge on: " + e.getMessage() + " (turn it on at one "
                            + "process of a site: " + Settings.BRIDGE_ENABLED.flag() + ")", e);
                }
            }
            if (config.discovery()) { // last to start, first to stop: nobody is sent to a server that is going away
                running.push(chat.parley.lan.LanAdvertiser.start(config, http.port(), ports.mqtt(),
                        ports.ws(), EmbeddedBroker.wsPath(), Version.current(), http.httpsPort(),
                        ports.mqtts(), ports.wss()));
            }
            times.set(new StartupTimes(storeTime, brokerTime, webTime, Duration.between(started, Instant.now())));
            up.set(true);
            return new ParleyServer(config, store, ports, http, refusals, adminToken, tls, bridge, files, running,
                    times.get());
        } catch (RuntimeException e) {
            closeAll(beside);
            stopOnceStarted(brokerStart);
            closeAll(running);
            throw e;
        }
    }

    /** The broker with the chat extension, then every encrypted room's meta (retained messages live in memory). */
    private static Timed<EmbeddedBroker> startBroker(ParleyConfig config, ParleyExtension extension, TlsIdentity tls,
                                                     ObjectMapper json, RoomMetaStore roomMetas, Accounts accounts,
                                                     PrometheusMeterRegistry metrics) {
        Instant begun = Instant.now();
        EmbeddedBroker broker = EmbeddedBroker.start(config, extension, tls);
        try {
            new RoomMetaPublisher(new Topics(config.prefix()), json, roomMetas, accounts.roomNames()).publishAll();
            DropwizardExports.builder().dropwizardRegistry(extension.brokerMetrics())
                    .register(metrics.getPrometheusRegistry());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new Timed<>(broker, Duration.between(begun, Instant.now()));
    }

    /** A value and how long it took to make. */
    private record Timed<T>(T value, Duration took) {
    }

    /** Runs a start-up step on a thread of its own (not a shared pool: it blocks for a second or two). */
    private static <T> CompletableFuture<T> inBackground(String name, java.util.function.Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The step's result, or the {@link RuntimeException} (a {@link StartupException}) it failed with. */
    private static <T> T await(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StartupException("start-up failed: " + e.getCause(), e.getCause());
        }
    }

    /** After another part failed: waits for the broker's start to end, and stops it if it did start. */
    private static void stopOnceStarted(CompletableFuture<Timed<EmbeddedBroker>> brokerStart) {
        if (brokerStart == null) {
            return;
        }
        try {
            brokerStart.join().value().close();
        } catch (CompletionException | java.util.concurrent.CancellationException failedToo) {
            // it failed on its own and closed what it had started
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

    private static Bridge startBridge(ParleyConfig config, Database database, SqlStore site, MessageStore store,
                                      ParleyExtension extension, Accounts accounts, SharedFiles files,
                                      ObjectMapper json, PrometheusMeterRegistry metrics) {
        try {
            // Opened off: it connects (ParleyServer.start turns it on) once the broker its messages go into runs. On a
            // web node, what goes out is read from the shared history: most of it was stored by the broker's side.
            return Bridge.start(config.bridge().withEnabled(false), config.dataDir(), config.name(), database, store,
                    extension.intake(), extension.systemMessages(), accounts.privateRooms()::isPrivate, files, json,
                    metrics, config.webNode().enabled(), site);
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot start the bridge: " + e.getMessage(), e);
        }
    }

    private static Hooks startHooks(ParleyConfig config, ChatStores stores, ParleyExtension extension,
                                    Accounts accounts, ObjectMapper json, PrometheusMeterRegistry metrics) {
        try {
            return Hooks.start(config.hooks(), config.name(), stores.shared(), stores.database(), extension.intake(),
                    accounts, json, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot open the webhooks: " + e.getMessage(), e);
        }
    }

    private static WebPushNotifier startPush(ParleyConfig config, ChatStores stores, ParleyExtension extension,
                                             ObjectMapper json, PrometheusMeterRegistry metrics) {
        try {
            return stores.webPush(extension, !config.webNode().enabled(), json, metrics);
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot read or make the Web Push key: "
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
        return brokerPorts.mqtts();
    }

    /** The bound MQTT over secure WebSocket port (path {@code /mqtt}), or 0 without TLS. */
    public int wssPort() {
        return brokerPorts.wss();
    }

    /** The certificate the TLS listeners present (with the local CA under {@code tls: auto}), if TLS is on. */
    public java.util.Optional<TlsIdentity> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    /** The bound MQTT TCP port (on a web node, the external broker's). */
    public int mqttPort() {
        return brokerPorts.mqtt();
    }

    /** The bound MQTT-over-WebSocket port (path {@code /mqtt}; on a web node, that of broker-ws-url). */
    public int wsPort() {
        return brokerPorts.ws();
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

    /** How long start-up took, part by part. */
    public StartupTimes startupTimes() {
        return startupTimes;
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
