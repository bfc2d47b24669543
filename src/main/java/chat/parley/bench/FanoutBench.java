package chat.parley.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Chat fan-out: P publishers and S subscribers in one room, R messages a second in total for D seconds. Counts what
 * every subscriber got (delivered, lost, duplicates) and the publish → receive latency, both ends in this process.
 */
final class FanoutBench {

    /** What one run measured. */
    record Result(long published, long acked, long expected, long delivered, long lost, long duplicates,
                  Latencies latency, String cpu) {

        String row(int publishers, int subscribers, int rate, int seconds, MqttQos qos) {
            return String.format(Locale.ROOT, "| fanout %d → %d, %d msg/s, %d s, QoS %d | delivered %d of %d, "
                            + "lost %d, duplicates %d, acked %d of %d | p50 / p90 / p99 / max %s | %s |", publishers, subscribers,
                    rate, seconds, qos.getCode(), delivered, expected, lost, duplicates, acked, published, latency.fullSummary(), cpu);
        }
    }

    private final BenchTarget target;
    private final int publishers;
    private final int subscribers;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;
    private final MqttQos qos;
    private final String topic;

    FanoutBench(BenchTarget target, int publishers, int subscribers, int rate, int seconds, int warmupSeconds,
                MqttQos qos, String topic) {
        this.target = target;
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.rate = rate;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
        this.qos = qos;
        this.topic = topic;
    }

    Result run(PrintWriter out) {
        String run = BenchClients.runId();
        int total = rate * seconds;
        long warmup = (long) rate * warmupSeconds;
        var latency = new Latencies();
        var received = new BitSet[subscribers];
        var delivered = new AtomicLong();
        var duplicates = new AtomicLong();
        var subs = new ArrayList<Mqtt5AsyncClient>();
        for (int s = 0; s < subscribers; s++) {
            BitSet seen = new BitSet(total);
            received[s] = seen;
            Mqtt5AsyncClient client = BenchClients.connect(target, "fan-sub-" + run + "-" + s, "sub" + s).join();
            client.subscribeWith().topicFilter(topic).qos(qos).callback(publish -> {
                long now = System.nanoTime();
                long[] message = BenchMessage.decode(publish.getPayload().orElse(null));
                if (message == null || message[0] >= total) {
                    return;
                }
                boolean first;
                synchronized (seen) {
                    first = !seen.get((int) message[0]);
                    seen.set((int) message[0]);
                }
                if (!first) {
                    duplicates.incrementAndGet();
                    return;
                }
                delivered.incrementAndGet();
                if (message[0] >= warmup) {
                    latency.add(now - message[1]);
                }
            }).send().join();
            subs.add(client);
        }
        List<Mqtt5AsyncClient> pubs = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            pubs.add(BenchClients.connect(target, "fan-pub-" + run + "-" + p, "pub" + p).join());
        }
        out.printf(Locale.ROOT, "fanout: %d publishers, %d subscribers connected; publishing %d msg/s for %d s%n",
                publishers, subscribers, rate, seconds);
        out.flush();
        var acked = new AtomicLong();
        var pending = new ArrayList<CompletableFuture<?>>(total);
        var cpu = ProcessStats.Cpu.start(target.serverPid());
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long due = start + n * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            pending.add(pubs.get(n % publishers).publishWith().topic(topic).qos(qos)
                    .payload(BenchMessage.encode(run, n, System.nanoTime())).send()
                    .thenRun(acked::incrementAndGet));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        long expected = (long) total * subscribers;
        awaitQuiet(delivered, expected);
        String cpuSummary = cpu.summary(target.inProcess());
        BenchClients.disconnectAll(pubs);
        BenchClients.disconnectAll(subs);
        return new Result(total, acked.get(), expected, delivered.get(), expected - delivered.get(),
                duplicates.get(), latency, cpuSummary);
    }

    /** Waits until {@code count} reaches {@code expected}, or stops moving for 5 s. */
    static void awaitQuiet(AtomicLong count, long expected) {
        long last = -1;
        long lastChange = System.nanoTime();
        while (count.get() < expected && System.nanoTime() - lastChange < 5_000_000_000L) {
            long now = count.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
