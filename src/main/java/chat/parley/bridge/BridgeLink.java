package chat.parley.bridge;

import chat.parley.config.BridgeConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT 5 connection to the remote broker (hivemq-mqtt-client): a persistent session under a stable client id, so
 * messages published while this site was away wait for it on the remote (as long as the remote keeps them);
 * reconnects with {@link Backoff}; subscribes to the rooms' messages, heads and repair requests and to the answers
 * meant for this site ({@link RepairProtocol#filters}) with no-local, so the remote never echoes this site's own
 * publishes. Each connect says whether the remote still had the session.
 */
final class BridgeLink implements AutoCloseable {

    /** How long the remote keeps this site's session (subscription and queued messages) while it is away. */
    static final long SESSION_EXPIRY_SECONDS = Duration.ofDays(1).toSeconds();

    private static final Logger log = LoggerFactory.getLogger(BridgeLink.class);

    /** What the link reports to its owner. */
    interface Events {
        /** Connected and subscribed; {@code sessionPresent} is false when the remote kept nothing for this site. */
        void connected(boolean sessionPresent);

        void disconnected(String why);

        void received(Mqtt5Publish publish);
    }

    private final Mqtt5AsyncClient client;
    private final List<String> filters;
    private final MqttQos qos;
    private final Events events;
    private final Backoff backoff = Backoff.standard();
    private volatile boolean connected;
    private volatile boolean closed;

    BridgeLink(BridgeConfig config, BridgeIdentity identity, Events events, Executor inbound) {
        this.events = events;
        this.qos = config.qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
        this.filters = RepairProtocol.filters(identity.remotePrefix(), identity.origin());
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier(clientId(identity))
                .serverHost(config.uri().getHost())
                .serverPort(config.port())
                .addConnectedListener(context -> onConnected(
                        context instanceof Mqtt5ClientConnectedContext c5 && c5.getConnAck().isSessionPresent()))
                .addDisconnectedListener(context -> {
                    connected = false;
                    if (context.getSource() == MqttDisconnectSource.USER || closed) {
                        return;
                    }
                    Throwable cause = context.getCause();
                    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                    events.disconnected(why);
                    Duration delay;
                    synchronized (backoff) {
                        delay = backoff.next();
                    }
                    log.debug("bridge: {}; reconnecting in {} ms", why, delay.toMillis());
                    context.getReconnector().reconnect(true).delay(delay.toMillis(), TimeUnit.MILLISECONDS);
                });
        if (config.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        if (!config.username().isEmpty()) {
            builder = builder.simpleAuth().username(config.username())
                    .password(config.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        this.client = builder.buildAsync();
        // ALL, not SUBSCRIBED: after a reconnect the remote may deliver what waited in the session before this
        // connection's SUBACK, and the client would not count those as subscribed (they would be acked and lost).
        client.publishes(MqttGlobalPublishFilter.ALL, events::received, inbound);
    }

    /** The client id on the remote: stable per site and prefix, so the persistent session is found again. */
    static String clientId(BridgeIdentity identity) {
        return "parley-bridge-" + identity.origin() + "-" + Integer.toHexString(identity.remotePrefix().hashCode());
    }

    /** Starts connecting; failures are retried with backoff until {@link #close()}. */
    void start() {
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .keepAlive(30)
                .send();
    }

    private void onConnected(boolean sessionPresent) {
        if (closed) { // a reconnect that was already scheduled when the link was closed
            client.disconnect();
            return;
        }
        // Subscribe on every connection: a session the remote lost (restart without persistence) has none.
        var subscriptions = filters.stream()
                .map(filter -> Mqtt5Subscription.builder().topicFilter(filter).noLocal(true).qos(qos).build())
                .toList();
        client.subscribeWith().addSubscriptions(subscriptions).send().whenComplete((ack, error) -> {
            if (error != null) {
                events.disconnected("subscribing to " + filters + " failed: " + error.getMessage());
                return;
            }
            synchronized (backoff) {
                backoff.reset();
            }
            connected = true;
            events.connected(sessionPresent);
        });
    }

    /** Whether the link is connected and subscribed. */
    boolean connected() {
        return connected && client.getState().isConnected();
    }

    /**
     * Publishes messages in order and completes when the remote acknowledged all of them (QoS 1) or they were
     * written (QoS 0).
     *
     * @param topics   remote topic of each message
     * @param payloads JSON of each message
     */
    CompletableFuture<Void> publishAll(List<String> topics, List<String> payloads) {
        var sent = new ArrayList<CompletableFuture<?>>(topics.size());
        for (int i = 0; i < topics.size(); i++) {
            sent.add(client.publishWith()
                    .topic(topics.get(i))
                    .qos(qos)
                    .contentType("application/json")
                    .payload(payloads.get(i).getBytes(StandardCharsets.UTF_8))
                    .send());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /** Disconnects (the remote keeps the session for {@link #SESSION_EXPIRY_SECONDS}) and stops reconnecting. */
    @Override
    public void close() {
        closed = true;
        connected = false;
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not connected, or the remote is gone: nothing to say goodbye to
        }
    }
}
