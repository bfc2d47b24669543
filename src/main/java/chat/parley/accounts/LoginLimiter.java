package chat.parley.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address: after {@value #FREE_FAILURES} failed sign-ins
 * for one name (or {@value #FREE_FAILURES_PER_ADDRESS} from one address: people behind one NAT or reverse proxy share
 * it) each further attempt must wait, 30 s at first, doubling with each failure up to 15 minutes. A success clears
 * the name's count; an address's count is forgotten 30 minutes after its last failure. Applies to
 * {@code POST /api/login} (429 with {@code Retry-After}) and MQTT CONNECT (CONNACK 0x9F).
 */
public final class LoginLimiter {

    private static final Logger log = LoggerFactory.getLogger(LoginLimiter.class);

    static final int FREE_FAILURES = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter failed;
    private final Counter throttled;

    public LoginLimiter(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.failed = Counter.builder("parley.login.failures")
                .description("Sign-ins (REST and MQTT) with a wrong name or password").register(registry);
        this.throttled = Counter.builder("parley.login.throttled")
                .description("Sign-in attempts refused because of too many recent failures").register(registry);
    }

    /**
     * How long the caller must wait before trying again, if it must; counted as throttled when it must.
     *
     * @param address the client's IP address
     * @param user    the name it tries to sign in as
     */
    public Optional<Duration> waitBefore(String address, String user) {
        Instant now = clock.instant();
        Duration wait = max(remaining("ip:" + address, now), remaining("user:" + user, now));
        if (wait.isZero()) {
            return Optional.empty();
        }
        throttled.increment();
        log.info("sign-in as '{}' from {} refused for {} s: too many failures", printable(user), address,
                wait.toSeconds());
        return Optional.of(wait);
    }

    /** Records a failed sign-in. */
    public void failed(String address, String user) {
        failed.increment();
        Instant now = clock.instant();
        int byAddress = record("ip:" + address, now, FREE_FAILURES_PER_ADDRESS);
        int byName = record("user:" + user, now, FREE_FAILURES);
        if (byName >= FREE_FAILURES || byAddress >= FREE_FAILURES_PER_ADDRESS) {
            log.warn("failed sign-in as '{}' from {}: {} for the name, {} from the address; backing off",
                    printable(user), address, byName, byAddress);
        } else {
            log.info("failed sign-in as '{}' from {}", printable(user), address);
        }
    }

    /** Records a successful sign-in: the name's failures are forgotten. */
    public void succeeded(String user) {
        failures.remove("user:" + user);
    }

    /** @return the failures in a row for the key, this one included */
    private int record(String key, Instant now, int free) {
        return failures.compute(key, (k, old) -> {
            int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
            Instant locked = count < free ? now : now.plus(backoff(count - free));
            return new Failures(count, now, locked);
        }).count();
    }

    /** A user name as typed (MQTT allows anything): short and on one line in the log. */
    private static String printable(String user) {
        String s = user == null ? "" : user.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static Duration backoff(int beyondFree) {
        int doublings = Math.min(beyondFree, 10);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private Duration remaining(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null) {
            return Duration.ZERO;
        }
        if (forgotten(f, now)) {
            failures.remove(key, f);
            return Duration.ZERO;
        }
        return f.lockedUntil().isAfter(now) ? Duration.between(now, f.lockedUntil()) : Duration.ZERO;
    }

    private static boolean forgotten(Failures f, Instant now) {
        return f.last().plus(FORGET_AFTER).isBefore(now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
