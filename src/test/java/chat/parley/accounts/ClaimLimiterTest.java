package chat.parley.accounts;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim limiter's bucket: a burst, then one claim per 60 s / claims-per-minute, per address. */
class ClaimLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_burst_then_one_claim_per_interval_and_other_addresses_are_unaffected() {
        var clock = new ManualClock();
        var registry = new SimpleMeterRegistry();
        var limiter = new ClaimLimiter(10, clock, registry);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.take("10.0.0.1")).as("claim " + (i + 1)).isEmpty();
        }
        assertThat(limiter.take("10.0.0.1")).contains(Duration.ofSeconds(6));
        assertThat(limiter.take("10.0.0.2")).isEmpty();

        clock.advance(Duration.ofSeconds(4));
        assertThat(limiter.take("10.0.0.1")).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.take("10.0.0.1")).isEmpty();
        assertThat(limiter.take("10.0.0.1")).contains(Duration.ofSeconds(6));

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.take("10.0.0.1")).as("after a quiet minute, claim " + (i + 1)).isEmpty();
        }
        assertThat(registry.counter("parley.claims.throttled").count()).isEqualTo(3);
    }

    @Test
    void zero_turns_the_limit_off() {
        var limiter = new ClaimLimiter(0, new ManualClock(), new SimpleMeterRegistry());
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.take("10.0.0.1")).isEmpty();
        }
    }
}
