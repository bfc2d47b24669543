package chat.parley.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void doubles_from_one_second_up_to_two_minutes_without_jitter() {
        var backoff = new Backoff(Backoff.INITIAL, Backoff.MAX, () -> 0.0);
        long[] seconds = new long[10];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = backoff.next().toSeconds();
        }
        assertThat(seconds).containsExactly(1, 2, 4, 8, 16, 32, 64, 120, 120, 120);
    }

    @Test
    void jitter_takes_off_at_most_a_fifth_and_never_goes_below_the_initial_delay() {
        var backoff = new Backoff(Backoff.INITIAL, Backoff.MAX, () -> 0.999);
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1)); // 0.8 s would be shorter than the initial delay
        assertThat(backoff.next().toMillis()).isBetween(1_600L, 1_601L);
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofSeconds(1), Backoff.MAX);
        }
        assertThat(backoff.next().toMillis()).isBetween(96_000L, 96_100L);
    }

    @Test
    void random_delays_stay_within_bounds_and_spread() {
        var backoff = Backoff.standard();
        for (int i = 0; i < 7; i++) {
            backoff.next();
        }
        var seen = new java.util.HashSet<Long>();
        for (int i = 0; i < 100; i++) {
            Duration delay = backoff.next();
            assertThat(delay).isBetween(Duration.ofSeconds(96), Backoff.MAX);
            seen.add(delay.toMillis());
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void reset_starts_over_after_a_successful_connection() {
        var backoff = new Backoff(Backoff.INITIAL, Backoff.MAX, () -> 0.0);
        backoff.next();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refuses_nonsense_bounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Backoff.MAX, Math::random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Math::random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
