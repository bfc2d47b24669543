package chat.parley.bridge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void starts_full_refills_at_its_rate_and_never_saves_more_than_its_capacity() {
        var bucket = new TokenBucket(200, 200, now::get);
        assertThat(bucket.tryTake(101)).isTrue();
        assertThat(bucket.tryTake(100)).isFalse();
        assertThat(bucket.tryTake(99)).isTrue();
        assertThat(bucket.nanosUntil(100)).isEqualTo(500_000_000L);

        now.addAndGet(250_000_000L); // a quarter second: 50 tokens
        assertThat(bucket.tryTake(51)).isFalse();
        assertThat(bucket.tryTake(50)).isTrue();

        now.addAndGet(60_000_000_000L); // a minute idle saves only the capacity
        assertThat(bucket.tryTake(200)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
        assertThat(bucket.nanosUntil(10_000)).as("asking for more than the capacity waits for a full bucket")
                .isEqualTo(1_000_000_000L);
    }
}
