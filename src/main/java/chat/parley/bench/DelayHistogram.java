package chat.parley.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Delays in microseconds, counted in buckets so that histograms from several load-generator processes add up: 10 µs
 * wide below 10 ms, 1 ms wide below 1 s, 100 ms wide below 120 s, then one bucket for everything longer. A percentile
 * is its bucket's upper edge, so it is never reported smaller than it was.
 */
final class DelayHistogram {

    private static final int FINE = 1_000;          // 0–10 ms by 10 µs
    private static final int MEDIUM = 990;          // 10 ms–1 s by 1 ms
    private static final int COARSE = 1_190;        // 1 s–120 s by 100 ms
    private static final int BUCKETS = FINE + MEDIUM + COARSE + 1;

    private final long[] counts;

    DelayHistogram() {
        this(new long[BUCKETS]);
    }

    private DelayHistogram(long[] counts) {
        this.counts = counts;
    }

    /** A histogram from {@link #counts()} of another one (e.g. read from a generator's report). */
    static DelayHistogram of(long[] counts) {
        if (counts == null || counts.length != BUCKETS) {
            throw new IllegalArgumentException("a delay histogram has " + BUCKETS + " buckets");
        }
        return new DelayHistogram(counts.clone());
    }

    synchronized void add(long micros) {
        counts[bucket(Math.max(0, micros))]++;
    }

    synchronized void addAll(DelayHistogram other) {
        long[] theirs = other.counts();
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += theirs[i];
        }
    }

    synchronized long[] counts() {
        return counts.clone();
    }

    synchronized long count() {
        return Arrays.stream(counts).sum();
    }

    /** The p-th percentile (0–100) in milliseconds, or NaN when empty. */
    synchronized double percentileMillis(double p) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperMicros(i) / 1000.0;
            }
        }
        return upperMicros(BUCKETS - 1) / 1000.0;
    }

    /** {@code p50 / p90 / p99 / max ms (n)}. */
    String summary() {
        return String.format(Locale.ROOT, "%s / %s / %s / %s ms (%,d)", ms(percentileMillis(50)),
                ms(percentileMillis(90)), ms(percentileMillis(99)), ms(percentileMillis(100)), count());
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : millis < 10 ? String.format(Locale.ROOT, "%.2f", millis)
                : String.format(Locale.ROOT, "%,.0f", millis);
    }

    private static int bucket(long micros) {
        if (micros < 10_000) {
            return (int) (micros / 10);
        }
        if (micros < 1_000_000) {
            return FINE + (int) ((micros - 10_000) / 1_000);
        }
        if (micros < 120_000_000) {
            return FINE + MEDIUM + (int) ((micros - 1_000_000) / 100_000);
        }
        return BUCKETS - 1;
    }

    private static long upperMicros(int bucket) {
        if (bucket < FINE) {
            return (bucket + 1) * 10L;
        }
        if (bucket < FINE + MEDIUM) {
            return 10_000 + (bucket - FINE + 1) * 1_000L;
        }
        if (bucket < BUCKETS - 1) {
            return 1_000_000 + (bucket - FINE - MEDIUM + 1) * 100_000L;
        }
        return Long.MAX_VALUE / 1000; // longer than 120 s: shown as huge, never as fast
    }
}
