package chat.parley.bridge;

import chat.parley.broker.ChatIntake;
import chat.parley.broker.SystemMessages;
import chat.parley.chat.Envelope;
import chat.parley.chat.Names;
import chat.parley.config.BridgeConfig;
import chat.parley.db.Database;
import chat.parley.db.SqlStore;
import chat.parley.history.MessageStore;
import chat.parley.lan.LanAddresses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The bridge: federates chosen rooms with other Parley sites through a remote MQTT broker.
 * <ul>
 *   <li>Out: every message this server accepts in a bridged room (never one that itself came through the bridge) is
 *   queued in the durable {@link Outbox} before its publish is acknowledged, then sent to
 *   {@code {remote-prefix}/rooms/{room}/messages} in order, stamped with this site's {@code origin}. On a web node,
 *   where most messages are stored by the broker's side, they are read from the shared history instead
 *   ({@link HistoryFollower}) and queued the same way.</li>
 *   <li>In: messages on the remote prefix go through the same rules as local publishes ({@link ChatIntake}), are
 *   stamped {@code via: "bridge"} with their claimed {@code from} and {@code origin}, stored and delivered.</li>
 *   <li>No loops: no-local on the remote subscription, messages carrying this site's origin are dropped, and a
 *   message id a room already has is neither stored nor delivered twice.</li>
 *   <li>Gap repair: every message sent carries this site's own per-room counter ({@code oseq}); each site keeps per
 *   origin and room the highest counter held with no gap ({@link RepairLedger}), asks for what it lacks when it sees a
 *   jump, a {@link Heads head} beyond it, or the remote lost its session ({@link Repairs}), and answers such requests
 *   from its history ({@link RepairAnswers}).</li>
 *   <li>Files: the files a bridged message shows, up to {@code bridge-max-file-bytes}, are queued in chunks ahead of
 *   it ({@link OutgoingFiles}) and kept at the other sites under the same id once whole and checked
 *   ({@link IncomingFiles}).</li>
 * </ul>
 * It can be enabled, disabled and given other rooms at runtime ({@link #update}).
 */
public final class Bridge implements AutoCloseable {

    /** How many queued messages are sent to the remote at a time. */
    static final int BATCH = 100;
    /** How long a batch may wait for the remote's acknowledgements before it is sent again. */
    static final long BATCH_TIMEOUT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(Bridge.class);

    /** File chunks per batch: with {@link #FILE_KB_PER_SECOND}, what a batch of them may take on the link. */
    static final int FILE_CHUNKS_PER_BATCH = 8;
    /** The most file bytes (in KB) sent to the remote per second, so files never crowd out chat on a public broker. */
    static final int FILE_KB_PER_SECOND = 512;
    /** The most bytes of incomplete files from other sites held at once (at least twice the largest file). */
    static final long MIN_INCOMING_BYTES = 16L * 1024 * 1024;

    /** The most file chunks a repair answer carries ahead of one message (2 MB). */
    static final int MAX_REPAIR_FILE_CHUNKS = 64;

    /** How often the bridge on a web node looks for new messages in the shared history ({@link HistoryFollower}). */
    static final long FOLLOW_MILLIS = 500;

    /** How often rows the ledger no longer needs are removed. */
    private static final long PRUNE_MINUTES = 60;
    /** How often a running bridge checks that it still holds the site's bridge lock. */
    static final long LOCK_CHECK_SECONDS = 10;

    private final BridgeIdentity identity;
    private final Outbox outbox;
    private final RepairLedger ledger;
    private final MessageStore history;
    private final ObjectMapper json;
    private final BridgeCounters counters;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService inboundThread;
    private final ScheduledExecutorService timer;
    /** On a web node: what follows the shared history, and its thread; {@code null} where the store's hook is used. */
    private volatile HistoryFollower historyFollower;
    private volatile ScheduledExecutorService follower;
    private final Thread sender;
    private final Repairs repairs;
    private final RepairAnswers answers;
    private final Heads heads;
    private final Inbound inbound;
    private final OutgoingFiles outgoingFiles;
    private final IncomingFiles incomingFiles;
    private final TokenBucket fileRate = new TokenBucket(FILE_KB_PER_SECOND, FILE_KB_PER_SECOND, System::nanoTime);
    private volatile BridgeConfig config;
    private final Predicate<String> neverBridged;
    private volatile BridgeLink link;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile boolean running = true;
    private final OneBridgePerSite oneBridge;

    private Bridge(BridgeConfig config, BridgeIdentity identity, Outbox outbox, RepairLedger ledger, ChatIntake intake,
                   MessageStore history, SystemMessages system, Predicate<String> neverBridged, ObjectMapper json,
                   MeterRegistry registry, OneBridgePerSite oneBridge) {
        this.config = config;
        this.oneBridge = oneBridge;
        this.neverBridged = Objects.requireNonNull(neverBridged, "neverBridged must not be null.");
        this.identity = identity;
        this.outbox = outbox;
        this.ledger = ledger;
        this.history = history;
        this.json = json;
        this.counters = BridgeCounters.register(registry);
        Gauge.builder("parley.bridge.queue.depth", outbox, Outbox::depth)
                .description("Messages queued for the remote broker").register(registry);
        Gauge.builder("parley.bridge.dropped", outbox, Outbox::dropped)
                .description("Queued messages dropped because the queue was full, since start").register(registry);
        Gauge.builder("parley.bridge.connected", this, b -> b.connected() ? 1 : 0)
                .description("1 when the bridge is connected to the remote broker").register(registry);
        Gauge.builder("parley.bridge.enabled", this, b -> b.config.enabled() ? 1 : 0)
                .description("1 when the bridge is enabled").register(registry);
        this.inboundThread = Executors.newSingleThreadExecutor(daemon("parley-bridge-in"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("parley-bridge-timer"));
        this.sender = daemon("parley-bridge-out").newThread(this::sendLoop);
        this.repairs = new Repairs(identity.origin(), ledger, timer, this::sendRequest, counters.repairsRequested(),
                this::error);
        this.answers = new RepairAnswers(identity.origin(), identity.remotePrefix(), ledger, history,
                this::publishAll, counters.repairsAnswered(), counters.repairsDropped(), this::error);
        this.heads = new Heads(identity.origin(), (room, head) ->
                publishAll(List.of(RepairProtocol.head(identity.remotePrefix(), room)), List.of(head.toJson())));
        this.outgoingFiles = new OutgoingFiles(identity.origin(), json, () -> this.config.maxFileBytes());
        this.incomingFiles = new IncomingFiles(Math.max(MIN_INCOMING_BYTES, 2 * config.maxFileBytes()));
        this.inbound = new Inbound(identity, this::answerable, intake, system, json, ledger, repairs, answers,
                counters, this::error, new Inbound.Files(incomingFiles, outgoingFiles::shelf,
                () -> this.config.maxFileBytes()));
    }

    /**
     * Opens the bridge's outbox, ledger and identity and, when the config enables it, connects. Call after the broker
     * has started: messages from the remote are delivered through it.
     *
     * @param history      the room history repair answers are read from
     * @param system       where notices of history another site no longer has are posted
     * @param neverBridged rooms never bridged whatever the config says (private rooms): nothing of theirs goes out,
     *                     comes in, or is answered about
     * @param files        where the files bridged messages show are, and where files from other sites are kept
     *                     ({@link FileShelf#NONE}: no file travels, file messages show elsewhere as kept here)
     * @param followHistory on a web node: what goes out is read from the shared history ({@link HistoryFollower}),
     *                     which the broker's extension and every node write, instead of heard from this server's
     *                     store as it accepts it (only what this node stored)
     * @param site         the database this site's processes share: while on, the bridge holds a lock there, so no
     *                     second process of the site runs it ({@link OneBridgePerSite})
     * @throws BridgeRunsElsewhereException when {@code config} turns it on and another process of the site runs it
     * @throws BridgeLockUnavailableException when {@code config} turns it on and the shared database cannot be
     *                                        asked
     */
    public static Bridge start(BridgeConfig config, Path dataDir, String serverName, Database database,
                               MessageStore history, ChatIntake intake, SystemMessages system,
                               Predicate<String> neverBridged, FileShelf files, ObjectMapper json,
                               MeterRegistry registry, boolean followHistory, SqlStore site)
            throws IOException, SQLException {
        var identity = BridgeIdentity.loadOrCreate(dataDir, config.remotePrefix(), serverName);
        var outbox = Outbox.open(database, config.queueMax());
        var ledger = RepairLedger.open(database, identity.origin());
        var oneBridge = new OneBridgePerSite(site, "parley-bridge " + identity.origin() + "@"
                + LanAddresses.hostName().orElse("unknown host"));
        var bridge = new Bridge(config.withEnabled(false).withRemotePrefix(identity.remotePrefix()), identity, outbox,
                ledger, intake, history, system, neverBridged, json, registry, oneBridge);
        bridge.outgoingFiles.use(files);
        bridge.answers.fileChunks(bridge::repairChunks);
        if (followHistory) { // the hook as well would send what this node stored twice
            var follower = new HistoryFollower(history, ledger, bridge::bridged, () -> bridge.config.enabled(),
                    bridge::forward, bridge::error);
            bridge.historyFollower = follower;
            bridge.follower = Executors.newSingleThreadScheduledExecutor(daemon("parley-bridge-follow"));
            bridge.follower.scheduleWithFixedDelay(follower::tick, FOLLOW_MILLIS, FOLLOW_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else {
            intake.onAccepted(bridge::accepted);
        }
        bridge.sender.start();
        bridge.timer.scheduleWithFixedDelay(() -> bridge.heads.tick(System.currentTimeMillis()), 1, 1,
                TimeUnit.SECONDS);
        bridge.timer.scheduleWithFixedDelay(bridge::prune, 1, PRUNE_MINUTES, TimeUnit.MINUTES);
        bridge.timer.scheduleWithFixedDelay(() -> bridge.counters.filesExpired()
                .increment(bridge.incomingFiles.expire(System.currentTimeMillis())), 10, 10, TimeUnit.SECONDS);
        bridge.timer.scheduleWithFixedDelay(bridge::checkLock, LOCK_CHECK_SECONDS, LOCK_CHECK_SECONDS,
                TimeUnit.SECONDS);
        if (config.enabled()) {
            try {
                bridge.update(true, null);
            } catch (RuntimeException e) {
                bridge.close();
                throw e;
            }
        }
        return bridge;
    }

    /**
     * A running bridge whose lock's connection ended (the database restarted, the network dropped) takes it again;
     * if another process took it meanwhile, this one turns itself off rather than send everything a second time.
     */
    private synchronized void checkLock() { // synchronized with update: an admin's change is never undone here
        if (!running || !config.enabled() || !oneBridge.lost()) {
            return;
        }
        try {
            oneBridge.take();
        } catch (BridgeRunsElsewhereException e) {
            update(false, null);
            error("turned off: " + e.getMessage());
        } catch (BridgeLockUnavailableException e) {
            error(e.getMessage()); // the database is away (nothing is stored meanwhile): try again next time
        }
    }

    /** Whether a room is bridged right now: the bridge is on, the room is one of its rooms, and not private. */
    private boolean answerable(String room) {
        return config.enabled() && bridged(room);
    }

    /** Whether a room is one of the bridge's rooms and not private, whether the bridge is on or not. */
    private boolean bridged(String room) {
        return Names.isRoom(room) && config.bridges(room) && !neverBridged.test(room);
    }

    /**
     * Changes the bridge at runtime: turns it on or off and/or bridges other rooms. {@code null} keeps a value.
     *
     * @return the new status
     * @throws BridgeRunsElsewhereException when it is to be turned on and another process of the site runs it
     *                                      (nothing changes)
     * @throws BridgeLockUnavailableException when it is to be turned on and the shared database cannot be asked
     */
    public synchronized BridgeStatus update(Boolean enabled, List<String> rooms) {
        BridgeConfig next = config;
        if (rooms != null) {
            next = next.withRooms(rooms);
        }
        if (enabled != null) {
            next = next.withEnabled(enabled);
        }
        boolean wasEnabled = config.enabled();
        if (next.enabled() && !wasEnabled) {
            oneBridge.take();
            if (historyFollower != null) {
                historyFollower.turnedOn(); // before: what is said from now on is followed
            }
        }
        config = next;
        if (next.enabled() && !wasEnabled) {
            connect();
        } else if (!next.enabled() && wasEnabled) {
            disconnect();
            oneBridge.release();
        }
        log.info("bridge {} (rooms {})", next.enabled() ? "enabled" : "disabled", next.rooms());
        return status();
    }

    private synchronized void connect() {
        var newLink = new BridgeLink(config, identity, new LinkEvents(), inboundThread);
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

    /** The store's hook: numbers and queues a message this server accepted, when its room is bridged. */
    private void accepted(MessageStore.Appended appended) {
        Envelope envelope = appended.envelope();
        if (envelope.bridged() || !answerable(envelope.room())) {
            return;
        }
        Long oseq = null;
        try {
            oseq = ledger.assignOwn(envelope.room(), envelope.seq());
        } catch (SQLException e) { // it still goes out, only no site can ask for it again
            error("could not number a message for the remote: " + e.getMessage());
        }
        queue(envelope, oseq);
    }

    /**
     * {@link HistoryFollower}'s way out: numbers and queues a stored message of this site. A failure to number it is
     * thrown, so the follower stops there and tries it again (the hook cannot: the message is only heard of once).
     */
    private void forward(Envelope stored) throws SQLException {
        queue(stored, ledger.assignOwn(stored.room(), stored.seq()));
    }

    /**
     * Queues a message numbered {@code oseq} ({@code null}: it could not be numbered) for the remote, with the chunks
     * of its files ahead of it, and wakes the sender.
     */
    private void queue(Envelope envelope, Long oseq) {
        ObjectNode node = json.valueToTree(envelope.withState(null)); // a history row's state is this site's view
        node.remove("seq"); // the receiving site numbers its rooms itself
        node.remove("client"); // a local client id is nobody's business on a public broker
        node.put("origin", identity.origin());
        if (oseq != null) {
            node.put("oseq", oseq);
        }
        try {
            queueFiles(envelope);
            outbox.add(envelope.room(), node.toString());
            wake.release();
        } catch (SQLException e) { // numbered, so the other sites notice the jump and ask for it
            error("could not queue a message for the remote: " + e.getMessage());
        }
    }

    /** Queues the chunks of the files a message shows ahead of it, so the other sites have them when it arrives. */
    private void queueFiles(Envelope envelope) throws SQLException {
        OutgoingFiles.Plan plan = outgoingFiles.plan(envelope);
        counters.filesRefused().increment(plan.tooLarge());
        for (String chunk : plan.chunks()) {
            outbox.add(envelope.room(), OutgoingFiles.CHANNEL, chunk);
        }
    }

    /** Sends queued messages, oldest first, whenever the link is up. */
    private void sendLoop() {
        while (running) {
            try {
                BridgeLink current = link;
                List<Outbox.Entry> batch = current != null && current.connected()
                        ? withinFileBudget(outbox.oldest(BATCH)) : List.of();
                if (batch.isEmpty()) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                    continue;
                }
                var topics = new ArrayList<String>(batch.size());
                var payloads = new ArrayList<String>(batch.size());
                int messages = 0;
                int files = 0;
                for (Outbox.Entry entry : batch) {
                    if (OutgoingFiles.CHANNEL.equals(entry.channel())) {
                        FileChunk chunk = chunk(entry);
                        if (chunk != null) {
                            fileRate.take(chunk.data().length / 1024 + 1);
                            topics.add(RepairProtocol.files(identity.remotePrefix(), entry.room()));
                            payloads.add(chunk.toJson());
                            files += chunk.index() == chunk.count() - 1 ? 1 : 0;
                        }
                    } else {
                        topics.add(RepairProtocol.messages(identity.remotePrefix(), entry.room()));
                        payloads.add(entry.payload());
                        messages++;
                    }
                }
                current.publishAll(topics, payloads).get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                outbox.remove(batch.get(batch.size() - 1).id());
                counters.out().increment(messages);
                counters.filesSent().increment(files);
                sentHeads(batch);
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

    /**
     * The chunks of a repaired message's files, at the same rate as the outbox's, at most
     * {@link #MAX_REPAIR_FILE_CHUNKS} per message (a file that does not fit stays kept here).
     */
    private List<String> repairChunks(Envelope message) throws InterruptedException {
        try {
            var chunks = new ArrayList<String>();
            for (FileChunk chunk : outgoingFiles.chunksOf(message, MAX_REPAIR_FILE_CHUNKS)) {
                fileRate.take(chunk.data().length / 1024 + 1);
                chunks.add(chunk.toJson());
            }
            return chunks;
        } catch (IOException e) {
            error("could not read a file for a repair answer: " + e.getMessage());
            return List.of();
        }
    }

    /** The batch up to its {@link #FILE_CHUNKS_PER_BATCH}th file chunk: files go out at a bounded rate. */
    private static List<Outbox.Entry> withinFileBudget(List<Outbox.Entry> batch) {
        int chunks = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (OutgoingFiles.CHANNEL.equals(batch.get(i).channel()) && ++chunks == FILE_CHUNKS_PER_BATCH) {
                return batch.subList(0, i + 1);
            }
        }
        return batch;
    }

    /** A queued file chunk read from the file store; {@code null} when its file is gone or cannot be read. */
    private FileChunk chunk(Outbox.Entry entry) {
        try {
            return outgoingFiles.render(entry.room(), entry.payload()).orElse(null);
        } catch (IOException e) { // skipped: the other sites show the file as kept here
            error("could not read a file for the remote: " + e.getMessage());
            counters.filesRefused().increment();
            return null;
        }
    }

    /** Tells {@link Heads} the last counter per room the remote acknowledged. */
    private void sentHeads(List<Outbox.Entry> batch) {
        Map<String, Long> last = new HashMap<>();
        for (Outbox.Entry entry : batch) {
            if (OutgoingFiles.CHANNEL.equals(entry.channel())) {
                continue;
            }
            try {
                JsonNode oseq = json.readTree(entry.payload()).get("oseq");
                if (oseq != null && oseq.canConvertToExactIntegral()) {
                    last.merge(entry.room(), oseq.asLong(), Math::max);
                }
            } catch (IOException e) {
                // the outbox only holds JSON this server wrote
            }
        }
        long now = System.currentTimeMillis();
        last.forEach((room, oseq) -> heads.sent(room, oseq, now));
    }

    private boolean sendRequest(String room, RepairProtocol.Request request) {
        BridgeLink current = link;
        if (current == null || !current.connected()) {
            return false;
        }
        current.publishAll(List.of(RepairProtocol.requests(identity.remotePrefix(), room)), List.of(request.toJson()));
        return true;
    }

    private CompletableFuture<Void> publishAll(List<String> topics, List<String> payloads) {
        BridgeLink current = link;
        if (current == null || !current.connected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the remote"));
        }
        return current.publishAll(topics, payloads);
    }

    private void prune() {
        try {
            int removed = ledger.prune(this::oldestKept);
            if (removed > 0) {
                log.debug("bridge: pruned {} ledger rows", removed);
            }
        } catch (SQLException e) {
            error("pruning the repair ledger failed: " + e.getMessage());
        }
    }

    /** The oldest seq the room's history still has, {@link Long#MAX_VALUE} for none (see the ledger's pruning). */
    private long oldestKept(String room) {
        var first = history.after(room, 0, 1).messages();
        return first.isEmpty() ? Long.MAX_VALUE : first.get(0).seq();
    }

    private final class LinkEvents implements BridgeLink.Events {
        @Override
        public void connected(boolean sessionPresent) {
            log.info("bridge connected to {} (prefix {}{})", config.url(), identity.remotePrefix(),
                    sessionPresent ? "" : ", no session kept there: asking the other sites for what was missed");
            wake.release();
            heads.connected(System.currentTimeMillis());
            if (!sessionPresent) {
                repairs.sessionLost(ledger.all().stream().filter(p -> answerable(p.room())).toList());
            }
        }

        @Override
        public void disconnected(String why) {
            error("remote " + config.url() + ": " + why);
        }

        @Override
        public void received(com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish publish) {
            inbound.received(publish);
        }
    }

    private void error(String message) {
        if (!message.equals(lastError)) {
            log.warn("bridge: {}", message);
        }
        lastError = message;
        lastErrorAt = Instant.now();
    }

    static String rootMessage(Throwable e) {
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
    public BridgeStatus status() {
        BridgeConfig c = config;
        return new BridgeStatus(c.enabled(), connected(), c.url(), c.remotePrefix(), identity.origin(), c.rooms(),
                c.qos(), outbox.depth(), outbox.max(), outbox.dropped(), lastError,
                lastErrorAt == null ? null : lastErrorAt.toString(), count(counters.in()), count(counters.out()),
                count(counters.refused()), count(counters.loops()), count(counters.repairsRequested()),
                count(counters.repairsAnswered()), count(counters.repairsRefused()), count(counters.repairsDropped()),
                count(counters.recovered()), origins(room -> true));
    }

    private static long count(io.micrometer.core.instrument.Counter counter) {
        return (long) counter.count();
    }

    /** Where the other sites stand in the rooms {@code rooms} accepts, by origin then room. */
    public List<BridgeStatus.Origin> origins(Predicate<String> rooms) {
        var origins = new ArrayList<BridgeStatus.Origin>();
        for (RepairLedger.Progress p : ledger.all()) {
            if (!rooms.test(p.room())) {
                continue;
            }
            long missing = 0;
            if (p.gap()) {
                try {
                    missing = p.highest() - p.held() - ledger.heldAbove(p.origin(), p.room(), p.held(), p.highest());
                } catch (SQLException e) {
                    missing = p.highest() - p.held();
                }
            }
            origins.add(new BridgeStatus.Origin(p.origin(), p.room(), p.held(), p.highest(), missing,
                    repairs.repairing(p.origin(), p.room())));
        }
        return origins;
    }

    /** Disconnects from the remote (its queue stays in the database) and stops the bridge's threads. */
    @Override
    public void close() {
        running = false;
        if (follower != null) {
            follower.shutdownNow();
        }
        disconnect();
        oneBridge.close();
        sender.interrupt();
        inboundThread.shutdownNow();
        timer.shutdownNow();
        answers.close();
        try {
            sender.join(5_000);
            inboundThread.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
            if (follower != null) {
                follower.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
