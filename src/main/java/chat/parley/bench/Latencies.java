package chat.parley.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, summarised as percentiles in milliseconds. */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1_000_000.0;
    }

    synchronized int count() {
        return count;
    }

    /** {@code p50 / p90 / p99 / max} in ms. */
    String fullSummary() {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", percentileMillis(50), percentileMillis(90),
                percentileMillis(99), percentileMillis(100));
    }

    /** {@code p50 / p99 / max} in ms. */
    String summary() {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", percentileMillis(50), percentileMillis(99),
                percentileMillis(100));
    }
}
