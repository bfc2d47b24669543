package chat.parley;

import chat.parley.broker.EmbeddedBroker;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Settings;
import chat.parley.http.HttpServer;
import chat.parley.http.ServerStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Parley server: the embedded MQTT broker with the chat extension and the web server. Also the embedding
 * API for tests:
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
    private final EmbeddedBroker broker;
    private final HttpServer http;
    private final RefusalCounter refusals;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(ParleyConfig config, EmbeddedBroker broker, HttpServer http, RefusalCounter refusals) {
        this.config = config;
        this.broker = broker;
        this.http = http;
        this.refusals = refusals;
    }

    /**
     * Starts the broker, then the web server. Blocks until both listen (a few seconds).
     *
     * @throws StartupException with a one-line explanation when anything cannot start; nothing is left running
     */
    public static ParleyServer start(ParleyConfig config) {
        Logging.apply(config.verbose());
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + config.dataDir() + ": " + e.getMessage()
                    + "; choose another with " + Settings.DATA_DIR.flag(), e);
        }
        PortCheck.requireFree(config.bind(), config.mqttPort(), "MQTT", Settings.MQTT_PORT);
        PortCheck.requireFree(config.bind(), config.wsPort(), "MQTT WebSocket", Settings.WS_PORT);
        PortCheck.requireFree(config.bind(), config.httpPort(), "HTTP", Settings.HTTP_PORT);

        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        var json = new ObjectMapper();
        var refusals = new RefusalCounter(metrics);
        var rules = new MessageRules(json, config.maxTextChars(), config.maxPayloadBytes());
        var extension = new ParleyExtension(new Topics(config.prefix()), rules, refusals, metrics);

        EmbeddedBroker broker = EmbeddedBroker.start(config, extension);
        AtomicBoolean brokerUp = new AtomicBoolean(true);
        try {
            var status = new ServerStatus(config, Version.current(), broker.mqttPort(), broker.wsPort(),
                    EmbeddedBroker.wsPath(), brokerUp::get);
            HttpServer http = HttpServer.start(status, json, metrics);
            return new ParleyServer(config, broker, http, refusals);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
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

    /** Counts of refused chat publishes, by reason. */
    public RefusalCounter refusals() {
        return refusals;
    }

    /** Stops the web server, then the broker. Safe to call more than once. Takes a few seconds. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.close();
            broker.close();
        }
    }
}
