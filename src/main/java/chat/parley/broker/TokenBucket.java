package chat.parley.broker;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. One per client connection (and
 * one per bot token, webhook and user posting over HTTP); thread-safe.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token, in milliseconds (at least 1): what a {@code Retry-After} should say. */
    public synchronized long millisUntilToken() {
        refill();
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
