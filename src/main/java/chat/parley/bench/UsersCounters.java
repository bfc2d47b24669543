package chat.parley.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated users of one load-generator process did and got, summed over all of them. The delays are only
 * those inside the measured window (after the warm-up); the start-up ones (sign-in to ready, the first history pages)
 * have their own histograms.
 */
final class UsersCounters {

    final LongAdder ready = new LongAdder();
    final LongAdder startFailed = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder typingSent = new LongAdder();
    final LongAdder live = new LongAdder();
    final LongAdder caughtUp = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder typingIn = new LongAdder();
    final LongAdder presenceIn = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder reconnectFailed = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder inFlight = new LongAdder();

    final DelayHistogram delivery = new DelayHistogram();
    /** The part of {@link #delivery} in the room of everyone: one message there is a delivery to every user. */
    final DelayHistogram deliveryEveryone = new DelayHistogram();
    final DelayHistogram history = new DelayHistogram();
    final DelayHistogram startHistory = new DelayHistogram();
    final DelayHistogram startUp = new DelayHistogram();

    volatile String firstError;

    void failed(Throwable e) {
        if (firstError == null) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            firstError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }
}
