package chat.parley.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop throughput: N pairs, each a publisher and a subscriber in a room of their own. A publisher keeps at
 * most {@code window} messages between publish and its subscriber's receipt; the rate is what arrives per second
 * after a warm-up.
 */
final class ThroughputBench {

    /** What one run measured. */
    record Result(double perSecond, long received, long stalls, Latencies latency, String cpu) {

        String row(int pairs, int window, int seconds, MqttQos qos) {
            return String.format(Locale.ROOT, "| throughput %d pairs, window %d, %d s, QoS %d | %.0f msg/s "
                            + "(%d received, %d stalls) | p50 / p90 / p99 / max %s | %s |", pairs, window, seconds,
                    qos.getCode(), perSecond, received, stalls, latency.fullSummary(), cpu);
        }
    }

    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final BenchTarget target;
    private final int pairs;
    private final int window;
    private final int seconds;
    private final int warmupSeconds;
    private final String topicPrefix;

    ThroughputBench(BenchTarget target, int pairs, int window, int seconds, int warmupSeconds, String topicPrefix) {
        this.target = target;
        this.pairs = pairs;
        this.window = window;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
        this.topicPrefix = topicPrefix;
    }

    Result run(MqttQos qos) throws InterruptedException {
        String run = BenchClients.runId();
        var received = new AtomicLong();
        var stalls = new AtomicLong();
        var latency = new Latencies();
        var measuring = new java.util.concurrent.atomic.AtomicBoolean();
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String topic = topic(run, i);
            var inFlight = new Semaphore(window);
            windows.add(inFlight);
            Mqtt5AsyncClient sub = BenchClients.connect(target, "tp-sub-" + run + "-" + i, "tsub" + i).join();
            sub.subscribeWith().topicFilter(topic).qos(qos).callback(publish -> {
                long now = System.nanoTime();
                inFlight.release();
                received.incrementAndGet();
                long[] message = BenchMessage.decode(publish.getPayload().orElse(null));
                if (message != null && measuring.get()) {
                    latency.add(now - message[1]);
                }
            }).send().join();
            clients.add(sub);
        }
        List<Mqtt5AsyncClient> pubs = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            pubs.add(BenchClients.connect(target, "tp-pub-" + run + "-" + i, "tpub" + i).join());
        }
        clients.addAll(pubs);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(warmupSeconds + seconds);
        var loops = new ArrayList<CompletableFuture<?>>();
        var sequence = new AtomicLong();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(pairs, r -> {
            var thread = new Thread(r, "bench-publisher");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < pairs; i++) {
            Mqtt5AsyncClient pub = pubs.get(i);
            Semaphore inFlight = windows.get(i);
            String topic = topic(run, i);
            loops.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (!inFlight.tryAcquire(STALL_NANOS, TimeUnit.NANOSECONDS)) {
                            stalls.incrementAndGet(); // a message was lost (QoS 0) or is very late: go on
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    pub.publishWith().topic(topic).qos(qos)
                            .payload(BenchMessage.encode(run, sequence.getAndIncrement(), System.nanoTime())).send();
                }
            }, threads));
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmupSeconds));
        long from = received.get();
        long fromNanos = System.nanoTime();
        measuring.set(true);
        var cpu = ProcessStats.Cpu.start(target.serverPid());
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        threads.shutdown();
        long count = received.get() - from;
        double perSecond = count / ((System.nanoTime() - fromNanos) / 1e9);
        measuring.set(false);
        String cpuSummary = cpu.summary(target.inProcess());
        BenchClients.disconnectAll(clients);
        return new Result(perSecond, count, stalls.get(), latency, cpuSummary);
    }

    private String topic(String run, int pair) {
        return topicPrefix + "tp-" + run + "-" + pair + "/messages";
    }
}
