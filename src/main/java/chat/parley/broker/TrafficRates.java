package chat.parley.broker;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Messages per second in and out of the broker, sampled once a second from the traffic counters; keeps the last two
 * minutes for the admin page's chart.
 */
public final class TrafficRates implements AutoCloseable {

    /** Samples kept: two minutes at one a second. */
    static final int KEPT = 120;

    /**
     * Traffic in one second.
     *
     * @param ts  end of the second, milliseconds since the epoch
     * @param in  PUBLISH packets received from clients
     * @param out PUBLISH packets sent to clients
     */
    public record Sample(long ts, long in, long out) {
    }

    private final java.util.function.DoubleSupplier in;
    private final java.util.function.DoubleSupplier out;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private double lastIn;
    private double lastOut;

    private TrafficRates(MeterRegistry registry) {
        this.in = count(registry, "parley.mqtt.messages.in");
        this.out = count(registry, "parley.mqtt.messages.out");
        this.lastIn = in.getAsDouble();
        this.lastOut = out.getAsDouble();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "parley-traffic-rates");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A counter's total, whether counted here or read from elsewhere (a function counter); 0 until it is registered
     * (the extension registers it when the broker starts, which may be after this sampler: they start side by side).
     */
    private static java.util.function.DoubleSupplier count(MeterRegistry registry, String name) {
        return () -> {
            var meter = registry.find(name).meter();
            return meter == null ? 0 : meter.measure().iterator().next().getValue();
        };
    }

    /** Starts sampling the counters the extension's traffic counter registers in {@code registry}. */
    public static TrafficRates start(MeterRegistry registry) {
        var rates = new TrafficRates(registry);
        rates.timer.scheduleAtFixedRate(rates::sample, 1, 1, TimeUnit.SECONDS);
        return rates;
    }

    private synchronized void sample() {
        double nowIn = in.getAsDouble();
        double nowOut = out.getAsDouble();
        samples.addLast(new Sample(System.currentTimeMillis(), Math.round(nowIn - lastIn),
                Math.round(nowOut - lastOut)));
        lastIn = nowIn;
        lastOut = nowOut;
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /** The last full second, or zeros before the first sample. */
    public synchronized Sample latest() {
        return samples.isEmpty() ? new Sample(System.currentTimeMillis(), 0, 0) : samples.getLast();
    }

    /** Up to the last two minutes, oldest first. */
    public synchronized List<Sample> history() {
        return new ArrayList<>(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
