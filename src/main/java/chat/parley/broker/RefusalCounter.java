package chat.parley.broker;

import chat.parley.chat.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refused publishes by reason (metric {@code parley_refusals_total{reason=…}}) and logs them, at most one line
 * per reason every {@link #LOG_INTERVAL_MILLIS} ms so a misbehaving client cannot flood the log.
 */
public final class RefusalCounter {

    static final long LOG_INTERVAL_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RefusalCounter.class);

    private final Map<Refusal, Counter> counters = new EnumMap<>(Refusal.class);
    private final Map<Refusal, AtomicLong> lastLogged = new EnumMap<>(Refusal.class);
    private final Map<Refusal, AtomicLong> suppressed = new EnumMap<>(Refusal.class);

    public RefusalCounter(MeterRegistry registry) {
        for (Refusal refusal : Refusal.values()) {
            counters.put(refusal, Counter.builder("parley.refusals")
                    .description("Chat publishes refused, by reason")
                    .tag("reason", refusal.label())
                    .register(registry));
            lastLogged.put(refusal, new AtomicLong(Long.MIN_VALUE / 2));
            suppressed.put(refusal, new AtomicLong());
        }
    }

    /** Counts one refusal and logs it unless this reason was logged in the last interval. */
    public void refused(Refusal refusal, String clientId, String topic, String message) {
        counters.get(refusal).increment();
        long now = System.currentTimeMillis();
        AtomicLong last = lastLogged.get(refusal);
        long previous = last.get();
        if (now - previous >= LOG_INTERVAL_MILLIS && last.compareAndSet(previous, now)) {
            long skipped = suppressed.get(refusal).getAndSet(0);
            log.warn("refused {} on {}: {} ({}){}", clientId, topic, message, refusal.label(),
                    skipped > 0 ? "; " + skipped + " more like it not logged" : "");
        } else {
            suppressed.get(refusal).incrementAndGet();
        }
    }

    /** How many publishes were refused for this reason since start. */
    public long count(Refusal refusal) {
        return (long) counters.get(refusal).count();
    }
}
