package chat.parley.broker;

import chat.parley.OwnerOnly;
import chat.parley.StartupException;
import chat.parley.config.BrokerPersistence;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Settings;
import chat.parley.tls.TlsIdentity;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.migration.meta.PersistenceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The embedded HiveMQ CE broker with the Parley extension. HiveMQ's extension services are JVM-wide statics, so at
 * most one broker runs per JVM, and a stopped broker cannot be restarted: start a new one.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    /** HiveMQ's own default wait for its persistence writers at shutdown (InternalConfigurations). */
    private static final int HIVEMQ_SHUTDOWN_GRACE_MILLIS = 2000;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final EmbeddedHiveMQ hive;
    private final int mqttPort;
    private final int wsPort;
    private final int mqttsPort;
    private final int wssPort;

    private EmbeddedBroker(EmbeddedHiveMQ hive, int mqttPort, int wsPort, int mqttsPort, int wssPort) {
        this.hive = hive;
        this.mqttPort = mqttPort;
        this.wsPort = wsPort;
        this.mqttsPort = mqttsPort;
        this.wssPort = wssPort;
    }

    /** Starts the broker without TLS listeners. */
    public static EmbeddedBroker start(ParleyConfig config, ExtensionMain extension) {
        return start(config, extension, null);
    }

    /**
     * Generates the broker config into {@code {data-dir}/broker/conf}, starts HiveMQ with the given extension and
     * checks that the listeners are bound. With a TLS identity it also runs MQTT over TLS and secure WebSocket, from
     * a key store written next to the config (owner-only, a new random password at every start).
     *
     * @param tls the certificate of the TLS listeners, or {@code null} for none
     * @throws StartupException when the broker cannot start or a listener's port cannot be bound
     */
    public static EmbeddedBroker start(ParleyConfig config, ExtensionMain extension, TlsIdentity tls) {
        return launch(config, EmbeddedExtension.builder()
                .withId("parley")
                .withName("Parley")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(extension)
                .build(), tls);
    }

    /**
     * A bare HiveMQ for benchmarks: the same generated config (listeners, persistence) without Parley's extension, so
     * no chat policy, no history and no authentication.
     */
    public static EmbeddedBroker startBare(ParleyConfig config) {
        return launch(config, null, null);
    }

    private static EmbeddedBroker launch(ParleyConfig config, EmbeddedExtension extension, TlsIdentity tls) {
        Path root = config.dataDir().toAbsolutePath().resolve("broker");
        Path conf = root.resolve("conf");
        Path data = root.resolve("data");
        Path extensions = root.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            HiveConfigXml.KeyStoreFile keyStore = null;
            if (tls != null) {
                keyStore = new HiveConfigXml.KeyStoreFile(conf.resolve("tls.p12"), randomPassword());
                tls.writeKeyStore(keyStore.path(), keyStore.password().toCharArray());
            }
            OwnerOnly.writeString(conf.resolve("config.xml"), HiveConfigXml.render(config, keyStore));
        } catch (IOException e) {
            throw new StartupException("cannot write the broker's files under " + root + ": " + e.getMessage()
                    + "; choose another " + Settings.DATA_DIR.flag(), e);
        }
        if (config.brokerPersistence() == BrokerPersistence.FILE) {
            // The jar carries no RocksDB native code: keep file persistence on Xodus (pure Java).
            InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.set(PersistenceType.FILE);
            InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.set(PersistenceType.FILE);
        }
        // These are JVM-wide statics: set them for every start, or a file-persistence server started after a memory
        // one in the same JVM (a test run) would inherit "no wait" and could stop before its writers flushed.
        // With memory persistence nothing on disk needs flushing, so HiveMQ's fixed wait at shutdown is skipped.
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(
                config.brokerPersistence() == BrokerPersistence.MEMORY ? 0 : HIVEMQ_SHUTDOWN_GRACE_MILLIS);
        var builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap();
        EmbeddedHiveMQ hive = (extension == null ? builder : builder.withEmbeddedExtension(extension)).build();
        try {
            hive.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (extension == null) { // only extensions may read the bound listeners: trust the configured ports
                return new EmbeddedBroker(hive, config.mqttPort(), config.wsPort(), 0, 0);
            }
            Map<String, Listener> listeners = Services.adminService().getServerInformation().getListener().stream()
                    .collect(Collectors.toMap(Listener::getName, Function.identity(), (a, b) -> a));
            boolean plain = tls == null || config.tls().plain();
            int mqtt = !plain ? 0 : boundPort(listeners, HiveConfigXml.TCP_LISTENER, "MQTT", config.mqttPort(),
                    config, Settings.MQTT_PORT.flag());
            int ws = !plain ? 0 : boundPort(listeners, HiveConfigXml.WS_LISTENER, "MQTT WebSocket", config.wsPort(),
                    config, Settings.WS_PORT.flag());
            int mqtts = tls == null ? 0 : boundPort(listeners, HiveConfigXml.TLS_LISTENER, "MQTT over TLS",
                    config.tls().mqttsPort(), config, Settings.MQTTS_PORT.flag());
            int wss = tls == null ? 0 : boundPort(listeners, HiveConfigXml.WSS_LISTENER, "MQTT secure WebSocket",
                    config.tls().wssPort(), config, Settings.WSS_PORT.flag());
            var webSockets = new java.util.ArrayList<String>();
            if (ws != 0) {
                webSockets.add(HiveConfigXml.WS_LISTENER);
            }
            if (wss != 0) {
                webSockets.add(HiveConfigXml.WSS_LISTENER);
            }
            try {
                if (extension != null && extension.getExtensionMain() instanceof ParleyExtension parley) {
                    WebSocketOriginGuard.install(hive, webSockets, parley.webSocketOrigins(), parley::refusedOrigin);
                }
            } catch (IllegalStateException e) {
                throw new StartupException("the MQTT WebSocket cannot check where pages come from: " + e.getMessage(),
                        e);
            }
            return new EmbeddedBroker(hive, mqtt, ws, mqtts, wss);
        } catch (StartupException e) {
            closeQuietly(hive);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hive);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new StartupException("the MQTT broker failed to start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hive);
            throw new StartupException("interrupted while starting the MQTT broker", e);
        }
    }

    private static int boundPort(Map<String, Listener> listeners, String name, String what, int wanted,
                                 ParleyConfig config, String flag) {
        Listener listener = listeners.get(name);
        if (listener == null) {
            throw new StartupException(what + " port " + wanted + " could not be bound on " + config.bind()
                    + " (already in use?); choose another with " + flag);
        }
        return listener.getPort();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The bound MQTT over TLS port, or 0 without TLS. */
    public int mqttsPort() {
        return mqttsPort;
    }

    /** The bound MQTT over secure WebSocket port (path {@link #wsPath()}), or 0 without TLS. */
    public int wssPort() {
        return wssPort;
    }

    /** The bound MQTT TCP port, or 0 when plain listeners are off. */
    public int mqttPort() {
        return mqttPort;
    }

    /** The bound MQTT-over-WebSocket port (the path is {@link #wsPath()}), or 0 when plain listeners are off. */
    public int wsPort() {
        return wsPort;
    }

    /** The HTTP path of the WebSocket listener. */
    public static String wsPath() {
        return HiveConfigXml.WS_PATH;
    }

    /** Stops the broker, disconnecting every client. Takes a few seconds (HiveMQ's shutdown grace). */
    @Override
    public void close() {
        try {
            hive.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("broker did not stop cleanly: {}", e.toString());
        }
        closeQuietly(hive);
    }

    private static void closeQuietly(EmbeddedHiveMQ hive) {
        try {
            hive.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("broker did not close cleanly: {}", e.toString());
        }
    }
}
