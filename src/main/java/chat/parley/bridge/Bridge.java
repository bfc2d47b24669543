package chat.parley.bridge;

import chat.parley.broker.ChatIntake;
import chat.parley.chat.Envelope;
import chat.parley.chat.Names;
import chat.parley.chat.RefusedException;
import chat.parley.config.BridgeConfig;
import chat.parley.db.Database;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bridge: federates chosen rooms with other Parley sites through a remote MQTT broker.
 * <ul>
 *   <li>Out: every message this server accepts in a bridged room (never one that itself came through the bridge) is
 *   queued in the durable {@link Outbox} before its publish is acknowledged, then sent to
 *   {@code {remote-prefix}/rooms/{room}/messages} in order, stamped with this site's {@code origin}.</li>
 *   <li>In: messages on the remote prefix go through the same rules as local publishes ({@link ChatIntake}), are
 *   stamped {@code via: "bridge"} with their claimed {@code from} and {@code origin}, stored and delivered.</li>
 *   <li>No loops: no-local on the remote subscription, messages carrying this site's origin are dropped, and a
 *   message id a room already has is neither stored nor delivered twice.</li>
 * </ul>
 * It can be enabled, disabled and given other rooms at runtime ({@link #update}).
 */
public final class Bridge implements AutoCloseable {

    /** How many queued messages are sent to the remote at a time. */
    static final int BATCH = 100;
    /** How long a batch may wait for the remote's acknowledgements before it is sent again. */
    static final long BATCH_TIMEOUT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(Bridge.class);

    private final BridgeIdentity identity;
    private final Outbox outbox;
    private final ChatIntake intake;
    private final ObjectMapper json;
    private final Counter in;
    private final Counter out;
    private final Counter refused;
    private final Counter loops;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService inbound;
    private final Thread sender;
    private volatile BridgeConfig config;
    private volatile BridgeLink link;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile boolean running = true;

    private Bridge(BridgeConfig config, BridgeIdentity identity, Outbox outbox, ChatIntake intake, ObjectMapper json,
                   MeterRegistry registry) {
        this.config = config;
        this.identity = identity;
        this.outbox = outbox;
        this.intake = intake;
        this.json = json;
        this.in = Counter.builder("parley.bridge.messages").tag("direction", "in")
                .description("Chat messages the bridge carried, by direction").register(registry);
        this.out = Counter.builder("parley.bridge.messages").tag("direction", "out")
                .description("Chat messages the bridge carried, by direction").register(registry);
        this.refused = Counter.builder("parley.bridge.refused")
                .description("Messages from the remote broker refused by the chat rules").register(registry);
        this.loops = Counter.builder("parley.bridge.loops")
                .description("Messages from the remote broker dropped because they carry this site's origin")
                .register(registry);
        Gauge.builder("parley.bridge.queue.depth", outbox, Outbox::depth)
                .description("Messages queued for the remote broker").register(registry);
        Gauge.builder("parley.bridge.dropped", outbox, Outbox::dropped)
                .description("Queued messages dropped because the queue was full, since start").register(registry);
        Gauge.builder("parley.bridge.connected", this, b -> b.connected() ? 1 : 0)
                .description("1 when the bridge is connected to the remote broker").register(registry);
        Gauge.builder("parley.bridge.enabled", this, b -> b.config.enabled() ? 1 : 0)
                .description("1 when the bridge is enabled").register(registry);
        this.inbound = Executors.newSingleThreadExecutor(daemon("parley-bridge-in"));
        this.sender = daemon("parley-bridge-out").newThread(this::sendLoop);
    }

    /**
     * Opens the bridge's outbox and identity and, when the config enables it, connects. Call after the broker has
     * started: messages from the remote are delivered through it.
     */
    public static Bridge start(BridgeConfig config, Path dataDir, String serverName, Database database,
                               ChatIntake intake, ObjectMapper json, MeterRegistry registry)
            throws IOException, SQLException {
        var identity = BridgeIdentity.loadOrCreate(dataDir, config.remotePrefix(), serverName);
        var outbox = Outbox.open(database, config.queueMax());
        var bridge = new Bridge(config.withRemotePrefix(identity.remotePrefix()), identity, outbox, intake, json,
                registry);
        intake.onAccepted(bridge::accepted);
        bridge.sender.start();
        if (config.enabled()) {
            bridge.connect();
        }
        return bridge;
    }

    /**
     * Changes the bridge at runtime: turns it on or off and/or bridges other rooms. {@code null} keeps a value.
     *
     * @return the new status
     */
    public synchronized Status update(Boolean enabled, List<String> rooms) {
        BridgeConfig next = config;
        if (rooms != null) {
            next = next.withRooms(rooms);
        }
        if (enabled != null) {
            next = next.withEnabled(enabled);
        }
        boolean wasEnabled = config.enabled();
        config = next;
        if (next.enabled() && !wasEnabled) {
            connect();
        } else if (!next.enabled() && wasEnabled) {
            disconnect();
        }
        log.info("bridge {} (rooms {})", next.enabled() ? "enabled" : "disabled", next.rooms());
        return status();
    }

    private synchronized void connect() {
        var newLink = new BridgeLink(config, identity, new LinkEvents(), inbound);
        link = newLink;
        newLink.start();
    }

    private synchronized void disconnect() {
        BridgeLink old = link;
        link = null;
        if (old != null) {
            old.close();
        }
    }

    /** The store's hook: queues a message this server accepted, when its room is bridged. */
    private void accepted(MessageStore.Appended appended) {
        Envelope envelope = appended.envelope();
        BridgeConfig current = config;
        if (!current.enabled() || envelope.bridged() || !Names.isRoom(envelope.room())
                || !current.bridges(envelope.room())) {
            return;
        }
        ObjectNode node = json.valueToTree(envelope);
        node.remove("seq"); // the receiving site numbers its rooms itself
        node.remove("client"); // a local client id is nobody's business on a public broker
        node.put("origin", identity.origin());
        try {
            outbox.add(envelope.room(), node.toString());
            wake.release();
        } catch (SQLException e) {
            error("could not queue a message for the remote: " + e.getMessage());
        }
    }

    /** Sends queued messages, oldest first, whenever the link is up. */
    private void sendLoop() {
        while (running) {
            try {
                BridgeLink current = link;
                List<Outbox.Entry> batch = current != null && current.connected() ? outbox.oldest(BATCH) : List.of();
                if (batch.isEmpty()) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                    continue;
                }
                var topics = new ArrayList<String>(batch.size());
                var payloads = new ArrayList<String>(batch.size());
                for (Outbox.Entry entry : batch) {
                    topics.add(identity.remotePrefix() + "/rooms/" + entry.room() + "/messages");
                    payloads.add(entry.payload());
                }
                current.publishAll(topics, payloads).get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                outbox.remove(batch.get(batch.size() - 1).id());
                out.increment(batch.size());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Not sent (or not acknowledged): the batch stays queued and goes again once the link is back.
                error("sending to the remote failed: " + rootMessage(e));
                try {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** A message from the remote broker, on the inbound thread, one at a time and in order. */
    private void received(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        String prefix = identity.remotePrefix() + "/rooms/";
        String room = topic.startsWith(prefix) && topic.endsWith("/messages")
                ? topic.substring(prefix.length(), topic.length() - "/messages".length()) : null;
        if (room == null || !Names.isRoom(room) || !config.bridges(room) || !config.enabled()) {
            return; // a room this site does not bridge
        }
        ByteBuffer payload = publish.getPayload().orElse(ByteBuffer.allocate(0));
        Envelope envelope;
        try {
            envelope = intake.validateBridged(room, payload, "bridge");
        } catch (RefusedException e) {
            refused.increment();
            return;
        }
        if (identity.origin().equals(envelope.origin())) {
            loops.increment(); // our own message coming back (or someone posing as this site): never twice
            return;
        }
        try {
            if (!intake.storeBridged(envelope).join().duplicate()) {
                in.increment();
            }
        } catch (CompletionException e) {
            if (ChatIntake.refusal(e) != null) {
                refused.increment(); // an event this site's history refuses (counted by reason by the intake)
            } else {
                error("could not store a bridged message: " + rootMessage(e));
            }
        }
    }

    private final class LinkEvents implements BridgeLink.Events {
        @Override
        public void connected() {
            log.info("bridge connected to {} (prefix {})", config.url(), identity.remotePrefix());
            wake.release();
        }

        @Override
        public void disconnected(String why) {
            error("remote " + config.url() + ": " + why);
        }

        @Override
        public void received(Mqtt5Publish publish) {
            Bridge.this.received(publish);
        }
    }

    private void error(String message) {
        if (!message.equals(lastError)) {
            log.warn("bridge: {}", message);
        }
        lastError = message;
        lastErrorAt = Instant.now();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Whether the bridge is connected to the remote broker and subscribed. */
    public boolean connected() {
        BridgeLink current = link;
        return current != null && current.connected();
    }

    /** The current settings (with the remote prefix in use). */
    public BridgeConfig config() {
        return config;
    }

    /** This site's id, stamped as {@code origin} on what it sends. */
    public String origin() {
        return identity.origin();
    }

    /** The bridge at this moment, as the admin API shows it. */
    public Status status() {
        BridgeConfig c = config;
        return new Status(c.enabled(), connected(), c.url(), c.remotePrefix(), identity.origin(), c.rooms(), c.qos(),
                outbox.depth(), outbox.max(), outbox.dropped(), lastError,
                lastErrorAt == null ? null : lastErrorAt.toString(), (long) in.count(), (long) out.count(),
                (long) refused.count(), (long) loops.count());
    }

    /**
     * The bridge's state.
     *
     * @param enabled       whether it is on
     * @param connected     whether it is connected to the remote and subscribed
     * @param url           the remote broker
     * @param remotePrefix  topic prefix on the remote
     * @param origin        this site's id on the remote
     * @param rooms         bridged rooms ({@code *} = all)
     * @param qos           QoS on the remote
     * @param queueDepth    messages waiting to be sent
     * @param queueMax      the queue's bound
     * @param dropped       messages dropped because the queue was full, since start
     * @param lastError     the last problem, or {@code null}
     * @param lastErrorAt   when it happened (ISO-8601), or {@code null}
     * @param messagesIn    messages from the remote stored here, since start
     * @param messagesOut   messages sent to the remote, since start
     * @param refused       messages from the remote refused by the chat rules, since start
     * @param loopsDropped  messages from the remote dropped because they carry this site's origin, since start
     */
    public record Status(boolean enabled, boolean connected, String url, String remotePrefix, String origin,
                         List<String> rooms, int qos, long queueDepth, int queueMax, long dropped, String lastError,
                         String lastErrorAt, long messagesIn, long messagesOut, long refused, long loopsDropped) {
    }

    /** Disconnects from the remote (its queue stays in the database) and stops the bridge's threads. */
    @Override
    public void close() {
        running = false;
        disconnect();
        sender.interrupt();
        inbound.shutdownNow();
        try {
            sender.join(5_000);
            inbound.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
