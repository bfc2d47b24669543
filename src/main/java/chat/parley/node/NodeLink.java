package chat.parley.node;

import chat.parley.StartupException;
import chat.parley.broker.ServerPublisher;
import chat.parley.config.Settings;
import chat.parley.config.WebNodeSettings;
import chat.parley.tls.TlsException;
import chat.parley.tls.TrustedCertificates;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A web node's one MQTT connection to the external broker, as the trusted node identity
 * ({@value WebNodeSettings#NODE_USER} with the node secret): what the server itself writes goes through it, after
 * the node stored it in the shared database. It reconnects by itself; QoS 1 publishes made meanwhile are sent once it
 * is back (the session outlives a short outage).
 */
public final class NodeLink implements ServerPublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** How long the broker keeps the node's session (and its unsent QoS 1 publishes) across a reconnect. */
    private static final long SESSION_EXPIRY_SECONDS = 600;

    private final Mqtt5AsyncClient client;
    private final WebNodeSettings settings;
    private final Counter failures;

    private NodeLink(Mqtt5AsyncClient client, WebNodeSettings settings, Counter failures) {
        this.client = client;
        this.settings = settings;
        this.failures = failures;
    }

    /**
     * Connects to the broker of {@code settings} and waits until it accepted the node (at most 15 s).
     *
     * @throws StartupException with a one-line explanation when the broker cannot be reached or refuses the node
     */
    public static NodeLink connect(WebNodeSettings settings, MeterRegistry metrics) {
        var connectedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier(WebNodeSettings.NODE_CLIENT_PREFIX + HexFormat.of().formatHex(id))
                .serverHost(settings.host()).serverPort(settings.port())
                // on the client, not only on the first CONNECT: the automatic reconnects send these too (without,
                // a restarted broker refuses the node as a stranger taking a node's client id)
                .simpleAuth().username(WebNodeSettings.NODE_USER)
                .password(settings.nodeSecret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connectedOnce.set(true))
                .addDisconnectedListener(context -> {
                    if (!connectedOnce.get()) { // the first connect fails start-up at once, with the broker's reason
                        context.getReconnector().reconnect(false);
                    } else if (context.getReconnector().getAttempts() == 0) {
                        log.warn("lost the connection to the broker at {}: {}; reconnecting", settings.brokerUrl(),
                                context.getCause().getMessage());
                    }
                });
        if (settings.tls() && settings.brokerCa() != null) {
            try {
                builder = builder.sslConfig().trustManagerFactory(TrustedCertificates.of(settings.brokerCa()))
                        .applySslConfig();
            } catch (TlsException e) {
                throw new StartupException("broker-ca-file " + e.getMessage());
            }
        } else if (settings.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        try {
            client.connectWith().cleanStart(true).sessionExpiryInterval(SESSION_EXPIRY_SECONDS).send()
                    .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            client.disconnect();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String check = tlsRefused(cause)
                    ? "the broker's TLS certificate is not trusted here: give the CA it chains to with "
                    + Settings.BROKER_CA_FILE.flag()
                    : "check " + Settings.BROKER_URL.flag() + " and that the broker's Parley extension has the same "
                    + Settings.NODE_SECRET.key();
            throw new StartupException("cannot connect to the broker at " + settings.brokerUrl() + ": "
                    + cause.getMessage() + "; " + check, cause);
        } catch (TimeoutException e) {
            client.disconnect();
            throw new StartupException("the broker at " + settings.brokerUrl() + " did not answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s; check " + Settings.BROKER_URL.flag(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.disconnect();
            throw new StartupException("interrupted while connecting to the broker", e);
        }
        Counter failures = Counter.builder("parley.node.publish.failures")
                .description("Publishes of this web node the broker did not take (what they carry is stored; "
                        + "clients catch up by seq)")
                .register(metrics);
        log.info("web node connected to the broker at {}", settings.brokerUrl());
        return new NodeLink(client, settings, failures);
    }

    private static boolean tlsRefused(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retain) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(payload).send()
                .whenComplete((result, error) -> {
                    Throwable problem = error != null ? error : result.getError().orElse(null);
                    if (problem != null) {
                        failures.increment();
                        log.warn("the broker did not take a publish to {}: {}", topic, problem.getMessage());
                    }
                });
    }

    /** Whether the connection to the broker is up right now. */
    public boolean connected() {
        return client.getState().isConnected();
    }

    /** The broker's MQTT URL. */
    public String brokerUrl() {
        return settings.brokerUrl();
    }

    /** Disconnects (waits up to 5 s for that). */
    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("while disconnecting from the broker: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
