package chat.parley.cli;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One MQTT 5 connection that survives drops: it reconnects by itself with backoff (0.5 s doubling to 15 s), with the
 * same credentials and will as the first connect, and the HiveMQ client subscribes again. {@link Listener#connected}
 * tells a reconnect apart from the first connect, so the caller can catch up on what it missed. Removed by an
 * administrator, it says so ({@link Listener#removed}); while banned it waits for the ban to end before it tries
 * again.
 */
final class MqttLink implements AutoCloseable {

    /** Events of the connection; called on the MQTT client's threads. */
    interface Listener {
        /** A message; {@code retained}: the broker kept it and sends it because we just subscribed. */
        void message(String topic, byte[] payload, boolean retained);

        void connected(boolean first);

        void disconnected(String why);

        /** An administrator disconnected us, or refuses us until {@code bannedUntil} (null for a plain kick). */
        void removed(Instant bannedUntil);
    }

    // a little after the ban's end, so the server's clock has passed it too
    private static final long AFTER_BAN_MS = 250;

    private final URI url;
    private final Listener listener;
    private final Mqtt5AsyncClient client;
    private final AtomicBoolean everConnected = new AtomicBoolean();
    private final AtomicBoolean reportedLoss = new AtomicBoolean();
    private final AtomicReference<Instant> reportedBan = new AtomicReference<>();
    private volatile boolean closing;
    private volatile Mqtt5Connect connect;

    MqttLink(URI url, String clientId, Listener listener) {
        this(url, clientId, listener, null);
    }

    /** @param trust the CAs an mqtts/wss broker must chain to, or {@code null} for the JVM's defaults */
    MqttLink(URI url, String clientId, Listener listener, javax.net.ssl.TrustManagerFactory trust) {
        this.url = url;
        this.listener = listener;
        String scheme = url.getScheme() == null ? "mqtt" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean tls = scheme.equals("mqtts") || scheme.equals("ssl") || scheme.equals("wss");
        boolean ws = scheme.equals("ws") || scheme.equals("wss");
        if (!(scheme.equals("mqtt") || scheme.equals("tcp") || tls || ws) || url.getHost() == null) {
            throw CliException.usage("broker URL must look like mqtt://host:1883 (or mqtts://, ws://, wss://), got '"
                    + url + "'");
        }
        int port = url.getPort() > 0 ? url.getPort() : ws ? (tls ? 443 : 80) : tls ? 8883 : 1883;
        var builder = MqttClient.builder().useMqttVersion5()
                .identifier(clientId)
                .serverHost(url.getHost())
                .serverPort(port)
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(15, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(this::onConnected)
                .addDisconnectedListener(this::onDisconnected);
        if (tls) {
            builder = trust == null ? builder.sslWithDefaultConfig()
                    : builder.sslConfig(com.hivemq.client.mqtt.MqttClientSslConfig.builder().trustManagerFactory(trust)
                            .build());
        }
        if (ws) {
            String path = url.getPath() == null || url.getPath().isEmpty() ? "mqtt" : url.getPath().substring(1);
            builder = builder.webSocketConfig().serverPath(path).applyWebSocketConfig();
        }
        this.client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED,
                publish -> listener.message(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                        publish.isRetain()));
    }

    /** Connects and waits for the CONNACK; a refused or failed first connect ends the retries and throws. */
    void connect(String user, String password, Mqtt5Publish will) {
        var builder = Mqtt5Connect.builder().cleanStart(true).sessionExpiryInterval(0).keepAlive(30);
        if (user != null) {
            var auth = builder.simpleAuth().username(user);
            if (password != null) {
                auth = auth.password(password.getBytes(StandardCharsets.UTF_8));
            }
            builder = auth.applySimpleAuth();
        }
        if (will != null) {
            builder = builder.willPublish(will);
        }
        connect = builder.build();
        try {
            client.connect(connect).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            closing = true;
            client.disconnect();
            throw new CliException(connectFailure(e.getCause()));
        } catch (TimeoutException e) {
            closing = true;
            client.disconnect();
            throw new CliException("no answer from the MQTT broker at " + url + " within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Subscribes (QoS 1); completes on the SUBACK. */
    CompletableFuture<?> subscribe(String filter) {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    CompletableFuture<?> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send();
    }

    /** Publishes JSON at QoS 1; completes on the PUBACK, or fails with a {@link CliException} saying why. */
    CompletableFuture<Void> publish(String topic, byte[] json, boolean retain) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(json).send()
                .handle((result, error) -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause == null && result.getError().isPresent()) {
                        cause = result.getError().get();
                    }
                    if (cause != null) {
                        throw new CompletionException(new CliException(publishFailure(cause)));
                    }
                    return null;
                });
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (client.getState().isConnectedOrReconnect()) {
                client.disconnect().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // leaving anyway: the broker notices the closed socket
        }
    }

    private void onConnected(MqttClientConnectedContext context) {
        reportedLoss.set(false);
        reportedBan.set(null);
        listener.connected(everConnected.compareAndSet(false, true));
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        var reconnector = ((Mqtt5ClientDisconnectedContext) context).getReconnector(); // built with useMqttVersion5
        if (closing || !everConnected.get()) {
            reconnector.reconnect(false); // the first connect reports its own failure
            return;
        }
        // After a lost connection the HiveMQ client rebuilds the CONNECT from its builder's defaults, which have no
        // username, password or will: without this the server would take us for an anonymous client named by its id.
        reconnector.connect(connect);
        Optional<Instant> banned = AdminRemovals.bannedUntil(context.getCause());
        if (banned.isPresent()) {
            long wait = banned.get().toEpochMilli() - System.currentTimeMillis();
            if (wait > 0) { // when our clock runs ahead of the server's, the usual backoff takes over
                reconnector.delay(wait + AFTER_BAN_MS, TimeUnit.MILLISECONDS);
            }
            reportedLoss.set(true);
            if (!banned.get().equals(reportedBan.getAndSet(banned.get()))) {
                listener.removed(banned.get()); // once per ban, not once per refused retry
            }
        } else if (AdminRemovals.kicked(context.getCause())) {
            reportedLoss.set(true);
            listener.removed(null);
        } else if (reportedLoss.compareAndSet(false, true)) {
            listener.disconnected(describe(context.getCause())); // once per outage, not once per failed retry
        }
    }

    private String connectFailure(Throwable cause) {
        var banned = AdminRemovals.bannedUntil(cause);
        if (banned.isPresent()) {
            return "banned from " + url + " by an administrator until "
                    + Lines.clock(banned.get(), java.time.ZoneId.systemDefault());
        }
        if (cause instanceof Mqtt5ConnAckException refused) {
            var connack = refused.getMqttMessage();
            return "the MQTT broker at " + url + " refused the connection: " + connack.getReasonString()
                    .map(Object::toString).orElse(Reasons.text(connack.getReasonCode().getCode()));
        }
        return "cannot connect to the MQTT broker at " + url + ": " + describe(cause);
    }

    static String publishFailure(Throwable cause) {
        if (cause instanceof Mqtt5PubAckException refused) {
            var puback = refused.getMqttMessage();
            int code = puback.getReasonCode().getCode();
            return "refused: " + puback.getReasonString().map(Object::toString).orElse(Reasons.text(code))
                    + " (" + String.format("0x%02x", code) + " " + Reasons.text(code) + ")";
        }
        return "not sent: " + describe(cause);
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        String message = cause.getMessage();
        Throwable inner = cause.getCause();
        if ((message == null || message.isBlank()) && inner != null) {
            message = inner.getMessage();
        }
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        // Netty prefixes the exception class: "io.netty…AnnotatedConnectException: Connection refused: /127.0.0.1:1883"
        return message.replaceFirst("^[\\w.$]+Exception: ", "");
    }

    /** MQTT 5 reason codes in words. */
    static final class Reasons {
        private Reasons() {
        }

        static String text(int code) {
            return switch (code) {
                case 0x80 -> "unspecified error";
                case 0x86 -> "bad user name or password";
                case 0x87 -> "not authorized";
                case 0x8A -> "banned";
                case 0x90 -> "topic name invalid";
                case 0x97 -> "quota exceeded";
                case 0x99 -> "payload format invalid";
                default -> "reason code " + String.format("0x%02x", code);
            };
        }
    }
}
