package chat.parley.hooks;

import chat.parley.broker.TokenBucket;
import chat.parley.config.ParleyConfig.RateLimit;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each poster over HTTP may post ({@code post-rate-limit}, {@code post-rate-burst}): one token bucket per
 * bot, incoming webhook or user, so one noisy script cannot starve another. Thread-safe.
 */
public final class PostRates {

    /** Past this many buckets the full ones (idle posters) are forgotten: a crowd of users cannot grow it forever. */
    static final int MAX_BUCKETS = 10_000;

    private final RateLimit rate;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public PostRates(RateLimit rate) {
        this.rate = rate;
    }

    /**
     * Takes one post from {@code poster}'s allowance.
     *
     * @param poster who posts, e.g. {@code bot:ci}, {@code hook:3}, {@code user:alice}
     * @return empty when the post may go ahead, else how long until it may, in milliseconds
     */
    public OptionalLong take(String poster) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear(); // every bucket starts full again: at worst one extra burst each
        }
        TokenBucket bucket = buckets.computeIfAbsent(poster, key -> new TokenBucket(rate.perSecond(), rate.burst()));
        return bucket.tryTake() ? OptionalLong.empty() : OptionalLong.of(bucket.millisUntilToken());
    }

    /** The limit, as configured. */
    public RateLimit rate() {
        return rate;
    }
}
