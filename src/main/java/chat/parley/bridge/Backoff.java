package chat.parley.bridge;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from {@code initial} up to {@code max}, each with up to 20 % taken off at random so
 * that many sites cut off together do not all come back in the same second. Never shorter than {@code initial}.
 * Not thread-safe; one per connection.
 */
final class Backoff {

    /** The bridge's delays: 1 s, 2 s, 4 s … up to 2 minutes. */
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(2);
    private static final double JITTER = 0.2;

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempts;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        Objects.requireNonNull(random, "random must not be null.");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The bridge's backoff, 1 s … 2 min with jitter. */
    static Backoff standard() {
        return new Backoff(INITIAL, MAX, Math::random);
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    Duration next() {
        long base = maxMillis;
        if (attempts < 40 && initialMillis << attempts > 0) {
            base = Math.min(maxMillis, initialMillis << attempts);
        }
        attempts++;
        long jittered = (long) (base * (1 - JITTER * random.getAsDouble()));
        return Duration.ofMillis(Math.max(initialMillis, jittered));
    }

    /** After a successful connection: the next delay is {@code initial} again. */
    void reset() {
        attempts = 0;
    }
}
