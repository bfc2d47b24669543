package chat.parley.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Idle chat clients: C connections, each subscribed to one of R rooms and to who is in it ({@code
 * rooms/{room}/presence}, as the web and terminal clients do), held for a while; then one probe message per room must
 * reach every member. Reports connect (+ subscribe) latency, the presence digests received and the broker's RSS.
 */
final class ConnectionsBench {

    /** What one run measured. */
    record Result(int connected, int failed, Latencies connect, double rssMb, long probesExpected,
                  long probesReceived, double seconds, long presenceReceived) {

        String row(int clients, int rooms, int presence) {
            return String.format(Locale.ROOT, "| connections %d in %d rooms (%d on presence) | %d connected, %d "
                            + "failed in %.1f s, probes %d of %d | connect p50 / p90 / p99 / max %s | presence "
                            + "messages received %d | broker RSS %.0f MB |", clients, rooms, presence, connected,
                    failed, seconds, probesReceived, probesExpected, connect.fullSummary(), presenceReceived, rssMb);
        }
    }

    private static final int CONNECTING_AT_ONCE = 100;

    private final BenchTarget target;
    private final int clients;
    private final int rooms;
    private final int presence;
    private final int holdSeconds;
    private final String prefix;
    private final AtomicLong presenceReceived = new AtomicLong();

    ConnectionsBench(BenchTarget target, int clients, int rooms, int presence, int holdSeconds, String prefix) {
        this.target = target;
        this.clients = clients;
        this.rooms = rooms;
        this.presence = presence;
        this.holdSeconds = holdSeconds;
        this.prefix = prefix;
    }

    Result run(PrintWriter out) {
        String run = BenchClients.runId();
        var connected = Collections.synchronizedList(new ArrayList<Mqtt5AsyncClient>());
        var failed = new AtomicLong();
        var probes = new AtomicLong();
        var connect = new Latencies();
        var slots = new Semaphore(CONNECTING_AT_ONCE);
        var all = new ArrayList<CompletableFuture<?>>();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            slots.acquireUninterruptibly();
            int n = i;
            long t0 = System.nanoTime();
            all.add(BenchClients.connect(target, "conn-" + run + "-" + i, "u" + run + i)
                    .thenCompose(client -> subscribe(client, n, run, probes).thenApply(x -> client))
                    .whenComplete((client, e) -> {
                        slots.release();
                        if (e != null) {
                            failed.incrementAndGet();
                        } else {
                            connect.add(System.nanoTime() - t0);
                            connected.add(client);
                        }
                    }));
            if ((i + 1) % 1000 == 0) {
                out.printf(Locale.ROOT, "connections: %d started, %d connected%n", i + 1, connected.size());
                out.flush();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "connections: %d connected in %.1f s; holding %d s%n", connected.size(), seconds,
                holdSeconds);
        out.flush();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(holdSeconds));
        long expected = probe(run, connected.size(), probes);
        double rss = ProcessStats.rssMegabytes(target.serverPid());
        BenchClients.disconnectAll(new ArrayList<>(connected));
        return new Result(connected.size(), (int) failed.get(), connect, rss, expected, probes.get(), seconds,
                presenceReceived.get());
    }

    private CompletableFuture<?> subscribe(Mqtt5AsyncClient client, int n, String run, AtomicLong probes) {
        var room = client.subscribeWith().topicFilter(room(run, n % rooms)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> probes.incrementAndGet()).send();
        if (n >= presence) {
            return room;
        }
        String roomPresence = room(run, n % rooms).replaceFirst("/messages$", "/presence");
        return room.thenCompose(x -> client.subscribeWith().topicFilter(roomPresence)
                .qos(MqttQos.AT_LEAST_ONCE).callback(publish -> presenceReceived.incrementAndGet()).send());
    }

    /** Publishes one message in each room from a separate client; returns how many receipts are expected. */
    private long probe(String run, long members, AtomicLong probes) {
        Mqtt5AsyncClient prober = BenchClients.connect(target, "conn-probe-" + run, "prober" + run).join();
        var sent = new ArrayList<CompletableFuture<?>>();
        for (int r = 0; r < rooms; r++) {
            sent.add(prober.publishWith().topic(room(run, r)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(BenchMessage.encode(run, r, System.nanoTime())).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        FanoutBench.awaitQuiet(probes, members);
        prober.disconnect().join();
        return members;
    }

    private String room(String run, int r) {
        return prefix + "/rooms/c" + run + "-" + r + "/messages";
    }
}
