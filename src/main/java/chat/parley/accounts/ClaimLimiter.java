package chat.parley.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits {@code POST /api/claim} per client address ({@code claims-per-minute}, default 10) with a token bucket: that
 * many claims at once, then one every {@code 60 s / claims-per-minute}. Without it one address could take every short
 * name in seconds. A refusal is counted ({@code parley_claims_throttled_total}) and logged at most once every 10 s.
 * Every client behind one NAT or reverse proxy shares its address's allowance.
 */
public final class ClaimLimiter {

    private static final Logger log = LoggerFactory.getLogger(ClaimLimiter.class);

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** Past this many tracked addresses, full (idle) buckets are dropped: they carry no information. */
    private static final int SWEEP_ABOVE = 10_000;

    /** Tokens as the nano time at which the bucket would be full; a bucket is just that instant. */
    private final Map<String, Long> fullAt = new ConcurrentHashMap<>();
    private final int perMinute;
    private final long nanosPerToken;
    private final Clock clock;
    private final Counter throttled;
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);

    /** @param perMinute claims per address per minute, also the burst; 0 turns the limit off */
    public ClaimLimiter(int perMinute, Clock clock, MeterRegistry registry) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("claims per minute must be 0 (unlimited) or more.");
        }
        this.perMinute = perMinute;
        this.nanosPerToken = perMinute == 0 ? 0 : Duration.ofMinutes(1).toNanos() / perMinute;
        this.clock = clock;
        this.throttled = Counter.builder("parley.claims.throttled")
                .description("Name claims refused because their address claimed too many too fast")
                .register(registry);
    }

    /**
     * Takes one claim from the address's allowance.
     *
     * @param address the client's IP address
     * @return empty when the claim may go ahead, else how long until the next one may
     */
    public Optional<Duration> take(String address) {
        if (perMinute == 0) {
            return Optional.empty();
        }
        long now = nanos();
        long[] wait = new long[1];
        fullAt.compute(address, (key, full) -> {
            // The bucket holds perMinute - (full - now) / nanosPerToken tokens; taking one moves "full" a token later.
            long start = full == null || full < now ? now : full;
            long next = start + nanosPerToken;
            long emptyBy = next - now - perMinute * nanosPerToken;
            if (emptyBy > 0) {
                wait[0] = emptyBy;
                return full;
            }
            return next;
        });
        if (fullAt.size() > SWEEP_ABOVE) {
            fullAt.values().removeIf(full -> full < now);
        }
        if (wait[0] == 0) {
            return Optional.empty();
        }
        throttled.increment();
        long last = lastLog.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY_NANOS) && lastLog.compareAndSet(last, now)) {
            log.warn("claims from {} refused: more than {} a minute (counted in parley_claims_throttled_total)",
                    address, perMinute);
        }
        return Optional.of(Duration.ofNanos(wait[0]));
    }

    private long nanos() {
        return Duration.ofMillis(clock.millis()).toNanos();
    }
}
