package chat.parley;

import chat.parley.accounts.AdminToken;
import chat.parley.accounts.ClaimStore;
import chat.parley.broker.EmbeddedBroker;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.BrokerPersistence;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Settings;
import chat.parley.db.Database;
import chat.parley.history.MessageStore;
import chat.parley.history.RetentionJob;
import chat.parley.history.SqliteMessageStore;
import chat.parley.broker.TrafficRates;
import chat.parley.http.AdminServices;
import chat.parley.http.HttpServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import chat.parley.http.ServerStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
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
    private final Deque<AutoCloseable> running;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(ParleyConfig config, MessageStore store, EmbeddedBroker broker, HttpServer http,
                         RefusalCounter refusals, AdminToken adminToken, Deque<AutoCloseable> running) {
        this.config = config;
        this.store = store;
        this.broker = broker;
        this.http = http;
        this.refusals = refusals;
        this.adminToken = adminToken;
        this.running = running;
    }

    /**
     * Opens the store, starts the broker, then the web server. Blocks until all listen (a few seconds).
     *
     * @throws StartupException with a one-line explanation when anything cannot start; nothing is left running
     */
    public static ParleyServer start(ParleyConfig config) {
        Logging.apply(config.verbose());
        if (config.auth() == chat.parley.config.AuthMode.ACCOUNTS) {
            // Refuse rather than run open while the operator believes accounts are enforced.
            throw new StartupException("auth: accounts is not available in this version yet; use "
                    + Settings.AUTH.flag() + " open");
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + config.dataDir() + ": " + e.getMessage()
                    + "; choose another with " + Settings.DATA_DIR.flag(), e);
        }
        PortCheck.requireFree(config.bind(), config.mqttPort(), "MQTT", Settings.MQTT_PORT);
        PortCheck.requireFree(config.bind(), config.wsPort(), "MQTT WebSocket", Settings.WS_PORT);
        PortCheck.requireFree(config.bind(), config.httpPort(), "HTTP", Settings.HTTP_PORT);

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
            ClaimStore claims = openClaims(database);
            var extension = new ParleyExtension(new Topics(config.prefix()), rules, store, claims, config.rateLimit(),
                    refusals, json, metrics, config.brokerPersistence() == BrokerPersistence.FILE);
            EmbeddedBroker broker = EmbeddedBroker.start(config, extension);
            running.push(broker);
            DropwizardExports.builder().dropwizardRegistry(extension.brokerMetrics())
                    .register(metrics.getPrometheusRegistry());
            TrafficRates traffic = TrafficRates.start(metrics);
            running.push(traffic);
            var status = new ServerStatus(config, Version.current(), broker.mqttPort(), broker.wsPort(),
                    EmbeddedBroker.wsPath(), () -> true);
            AdminToken adminToken = openAdminToken(config);
            var admin = new AdminServices(extension.clientControl(), extension.systemMessages(), traffic, started);
            HttpServer http = HttpServer.start(status, store, claims, adminToken, admin, json, metrics);
            running.push(http);
            if (config.discovery()) { // last to start, first to stop: nobody is sent to a server that is going away
                running.push(chat.parley.lan.LanAdvertiser.start(config, http.port(), broker.mqttPort(),
                        broker.wsPort(), EmbeddedBroker.wsPath(), Version.current()));
            }
            return new ParleyServer(config, store, broker, http, refusals, adminToken, running);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    private static Database openDatabase(ParleyConfig config) {
        var file = config.dataDir().resolve("parley.db");
        try {
            return Database.open(file, config.durability());
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

    private static AdminToken openAdminToken(ParleyConfig config) {
        try {
            return AdminToken.loadOrCreate(config.dataDir(), config.adminToken());
        } catch (IOException e) {
            throw new StartupException("cannot read or create the admin token in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static ClaimStore openClaims(Database database) {
        try {
            return ClaimStore.open(database);
        } catch (SQLException e) {
            throw new StartupException("cannot read claimed names: " + e.getMessage(), e);
        }
    }

    /** The configuration this server was started with (ports as configured; see the port getters). */
    public ParleyConfig config() {
        return config;
    }

    /** The bound HTTP port of the web client and REST API. */
    public int httpPort() {
        return http.port();
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

    /** The message history. */
    public MessageStore store() {
        return store;
    }

    /** The admin API's bearer token ({@link AdminToken#created()} when it was generated by this start). */
    public AdminToken adminToken() {
        return adminToken;
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
