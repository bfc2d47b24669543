package chat.parley.bench;

/**
 * What one load-generator process of {@code parley bench users} reports at the end of a step (one JSON line), and
 * their sum. Delays are {@link DelayHistogram} buckets; CPU is seconds of this process over the measured window.
 */
record GeneratorReport(int users, long ready, long startFailed, long sent, long acked, long refused, long skipped,
                       long typingSent, long live, long caughtUp, long missing, long duplicates, long typingIn,
                       long presenceIn, long reconnects, long reconnectFailed, long retries, long resent,
                       double windowSeconds, double cpuSeconds, double rssMb, String firstError,
                       long[] delivery, long[] deliveryEveryone, long[] history, long[] startHistory,
                       long[] startUp) {

    static GeneratorReport of(int users, UsersCounters c, long missing, double windowSeconds, double cpuSeconds,
                              double rssMb) {
        return new GeneratorReport(users, c.ready.sum(), c.startFailed.sum(), c.sent.sum(), c.acked.sum(),
                c.refused.sum(), c.skipped.sum(), c.typingSent.sum(), c.live.sum(), c.caughtUp.sum(), missing,
                c.duplicates.sum(), c.typingIn.sum(), c.presenceIn.sum(), c.reconnects.sum(), c.reconnectFailed.sum(),
                c.retries.sum(), c.resent.sum(), windowSeconds, cpuSeconds, rssMb, c.firstError, c.delivery.counts(),
                c.deliveryEveryone.counts(), c.history.counts(), c.startHistory.counts(), c.startUp.counts());
    }

    /** The sum of two reports; CPU adds up (both processes ran over the same window), the window is the longer. */
    GeneratorReport plus(GeneratorReport o) {
        return new GeneratorReport(users + o.users, ready + o.ready, startFailed + o.startFailed, sent + o.sent,
                acked + o.acked, refused + o.refused, skipped + o.skipped, typingSent + o.typingSent, live + o.live,
                caughtUp + o.caughtUp, missing + o.missing, duplicates + o.duplicates, typingIn + o.typingIn,
                presenceIn + o.presenceIn, reconnects + o.reconnects, reconnectFailed + o.reconnectFailed,
                retries + o.retries, resent + o.resent, Math.max(windowSeconds, o.windowSeconds), cpuSeconds + o.cpuSeconds,
                rssMb + o.rssMb, firstError != null ? firstError : o.firstError, add(delivery, o.delivery),
                add(deliveryEveryone, o.deliveryEveryone), add(history, o.history), add(startHistory, o.startHistory), add(startUp, o.startUp));
    }

    /** Everything sent was acknowledged, and every member that was in a room got every message of it. */
    boolean nothingLost() {
        return startFailed == 0 && refused == 0 && missing == 0 && reconnectFailed == 0
                && acked == sent;
    }

    DelayHistogram deliveryDelays() {
        return DelayHistogram.of(delivery);
    }

    /** Deliveries in the room of everyone, where one message reaches every user. */
    DelayHistogram deliveryEveryoneDelays() {
        return DelayHistogram.of(deliveryEveryone);
    }

    /** Deliveries in every other room (small and medium ones). */
    DelayHistogram deliveryOtherDelays() {
        long[] other = delivery.clone();
        for (int i = 0; i < other.length; i++) {
            other[i] -= deliveryEveryone[i];
        }
        return DelayHistogram.of(other);
    }

    DelayHistogram historyDelays() {
        return DelayHistogram.of(history);
    }

    DelayHistogram startHistoryDelays() {
        return DelayHistogram.of(startHistory);
    }

    DelayHistogram startUpDelays() {
        return DelayHistogram.of(startUp);
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }
}
