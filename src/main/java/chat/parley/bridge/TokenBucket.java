package chat.parley.bridge;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code capacity} saved up. It bounds what gap repair
 * sends to the remote, so a public broker is never flooded however many requests come. Thread-safe.
 */
final class TokenBucket {

    private static final long NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /**
     * @param perSecond tokens added per second, at least 1
     * @param capacity  most tokens kept, at least 1 (starts full)
     * @param nanoTime  the clock ({@code System::nanoTime})
     */
    TokenBucket(double perSecond, double capacity, LongSupplier nanoTime) {
        if (perSecond < 1 || capacity < 1) {
            throw new IllegalArgumentException("perSecond and capacity must be at least 1.");
        }
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    /** Takes {@code n} tokens if there are that many; else takes nothing. */
    synchronized boolean tryTake(int n) {
        refill();
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** How long until {@code n} tokens are there (0: now), in nanoseconds; {@code n} at most the capacity. */
    synchronized long nanosUntil(int n) {
        refill();
        double missing = Math.min(n, capacity) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perSecond * NANOS);
    }

    /** Waits until {@code n} tokens (at most the capacity) are there and takes them. */
    void take(int n) throws InterruptedException {
        int wanted = (int) Math.min(n, capacity);
        while (!tryTake(wanted)) {
            long wait = nanosUntil(wanted);
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) / (double) NANOS * perSecond);
        last = now;
    }
}
