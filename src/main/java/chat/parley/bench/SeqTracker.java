package chat.parley.bench;

import java.util.TreeSet;

/**
 * What one simulated user has of one room's seq stream (gap-free per room): everything up to {@link #synced()}, plus
 * the seqs seen above it. A message is lost for that user when, at the end, a seq up to the room's last is neither.
 */
final class SeqTracker {

    private long synced;
    private final TreeSet<Long> ahead = new TreeSet<>();

    /** A live delivery; false when that seq was already had (a duplicate). */
    synchronized boolean live(long seq) {
        if (seq <= synced || !ahead.add(seq)) {
            return false;
        }
        advance();
        return true;
    }

    /** The latest page loaded on start: everything up to its highest seq is had, as the web client shows it. */
    synchronized void loaded(long maxSeq) {
        if (maxSeq > synced) {
            synced = maxSeq;
            ahead.headSet(maxSeq, true).clear();
            advance();
        }
    }

    /** A page of a catch-up; returns how many of its seqs were new (missed while away). */
    synchronized int caughtUp(long[] seqs) {
        int added = 0;
        for (long seq : seqs) {
            if (seq > synced && ahead.add(seq)) {
                added++;
            }
        }
        advance();
        return added;
    }

    synchronized long synced() {
        return synced;
    }

    /** The seqs up to {@code last} this user never had. */
    synchronized long missing(long last) {
        return Math.max(0, last - synced - ahead.headSet(last, true).size());
    }

    private void advance() {
        while (!ahead.isEmpty() && ahead.first() == synced + 1) {
            synced = ahead.pollFirst();
        }
    }
}
