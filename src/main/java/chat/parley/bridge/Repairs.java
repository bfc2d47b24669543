package chat.parley.bridge;

import io.micrometer.core.instrument.Counter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks other sites to repair this site's gaps: one request at a time per origin and room, for the first missing
 * stretch ("after the highest counter held with no gap, up to the next one held"), again after every answer that made
 * progress while a gap remains. A request not answered within {@link #TIMEOUT_MILLIS} is asked again, from the
 * second try of {@link #TRIES} on of any site that holds the messages; after that the pair rests for
 * {@link #PAUSE_MILLIS} (its gap stays visible) before a new message or head starts over. At most
 * {@link #PER_SECOND} requests a second leave this site. Thread-safe.
 */
final class Repairs {

    static final long TIMEOUT_MILLIS = 10_000;
    static final int TRIES = 4;
    static final long PAUSE_MILLIS = 60_000;
    static final int PER_SECOND = 10;
    /** How soon an answer that made no progress is followed by the next try. */
    private static final long RETRY_MILLIS = 1_000;

    /** Publishes a request; {@code false} when the link is down (it is then asked again on the next connect). */
    interface Sender {
        boolean send(String room, RepairProtocol.Request request);
    }

    private record Key(String origin, String room) {
    }

    /** A request in flight (or waiting for the rate limit, {@code request == null}), with its try and timeout. */
    private record Ask(RepairProtocol.Request request, int tries, ScheduledFuture<?> timer) {
    }

    private final String self;
    private final RepairLedger ledger;
    private final ScheduledExecutorService timer;
    private final Sender sender;
    private final Counter requested;
    private final Consumer<String> problems;
    private final TokenBucket bucket = new TokenBucket(PER_SECOND, PER_SECOND, System::nanoTime);
    private final Map<Key, Ask> open = new HashMap<>();
    private final Map<Key, Long> resting = new HashMap<>();

    Repairs(String self, RepairLedger ledger, ScheduledExecutorService timer, Sender sender, Counter requested,
            Consumer<String> problems) {
        this.self = self;
        this.ledger = ledger;
        this.timer = timer;
        this.sender = sender;
        this.requested = requested;
        this.problems = problems;
    }

    /** Something changed for an origin in a room (a message, a head): asks for its gap, if it has one. */
    synchronized void progressed(RepairLedger.Progress p) {
        if (p == null || !p.gap() || p.origin().equals(self)) {
            return;
        }
        Key key = new Key(p.origin(), p.room());
        Long rest = resting.get(key);
        if (open.containsKey(key) || (rest != null && rest > System.currentTimeMillis())) {
            return;
        }
        resting.remove(key);
        ask(key, 0);
    }

    /**
     * The remote had no session for this site (it restarted without persistence, or forgot it): whatever was said
     * meanwhile is lost to it, so every origin known in these rooms is asked for what came after.
     */
    synchronized void sessionLost(List<RepairLedger.Progress> known) {
        for (RepairLedger.Progress p : known) {
            if (p.origin().equals(self)) {
                continue;
            }
            Key key = new Key(p.origin(), p.room());
            Ask old = open.remove(key);
            if (old != null && old.timer() != null) {
                old.timer().cancel(false);
            }
            resting.remove(key);
            ask(key, 0);
        }
    }

    /**
     * An answer ended: marks what it covered without a message, and asks for more while a gap remains.
     *
     * @return the spans newly covered (those marked unavailable need a notice in the room); empty for an answer
     *         nobody here waits for (late, repeated, or forged)
     */
    synchronized List<RepairLedger.Span> answered(String room, RepairProtocol.Done done) throws SQLException {
        Key key = new Key(done.origin(), room);
        Ask ask = open.get(key);
        if (ask == null || ask.request() == null || ask.request().after() != done.after()) {
            return List.of();
        }
        open.remove(key);
        ask.timer().cancel(false);
        var spans = new ArrayList<>(done.skipped());
        spans.addAll(done.unavailable());
        List<RepairLedger.Span> covered = ledger.cover(done.origin(), room, spans);
        if (done.fromOrigin()) {
            ledger.disowned(done.origin(), room, done.latest());
            ledger.announced(done.origin(), room, done.latest());
        }
        RepairLedger.Progress p = ledger.progress(done.origin(), room);
        if (p.gap()) {
            if (p.held() > done.after()) {
                ask(key, 0);
            } else {
                retryLater(key, ask.tries() + 1, RETRY_MILLIS);
            }
        }
        return covered;
    }

    /** Whether a request for this origin and room is in flight. */
    synchronized boolean repairing(String origin, String room) {
        return open.containsKey(new Key(origin, room));
    }

    private void ask(Key key, int tries) {
        RepairLedger.Progress p = ledger.progress(key.origin(), key.room());
        if (p == null) {
            return;
        }
        if (!bucket.tryTake(1)) {
            long wait = TimeUnit.NANOSECONDS.toMillis(bucket.nanosUntil(1)) + 1;
            open.put(key, new Ask(null, tries, timer.schedule(() -> waited(key, tries), wait, TimeUnit.MILLISECONDS)));
            return;
        }
        RepairProtocol.Request request;
        try {
            Long nextHeld = ledger.firstHeldAbove(key.origin(), key.room(), p.held());
            request = new RepairProtocol.Request(self, key.origin(), p.held(), nextHeld == null ? null : nextHeld - 1,
                    tries > 0);
        } catch (SQLException e) {
            problems.accept("cannot read the repair ledger: " + e.getMessage());
            retryLater(key, tries + 1, TIMEOUT_MILLIS);
            return;
        }
        if (sender.send(key.room(), request)) {
            requested.increment();
        }
        open.put(key, new Ask(request, tries,
                timer.schedule(() -> timedOut(key, request), TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)));
    }

    private synchronized void waited(Key key, int tries) {
        Ask ask = open.get(key);
        if (ask != null && ask.request() == null) {
            open.remove(key);
            ask(key, tries);
        }
    }

    private synchronized void timedOut(Key key, RepairProtocol.Request request) {
        Ask ask = open.get(key);
        if (ask == null || ask.request() != request) {
            return;
        }
        open.remove(key);
        retryLater(key, ask.tries() + 1, 0);
    }

    private void retryLater(Key key, int tries, long delayMillis) {
        if (tries >= TRIES) {
            resting.put(key, System.currentTimeMillis() + PAUSE_MILLIS);
            return;
        }
        if (delayMillis == 0) {
            ask(key, tries);
            return;
        }
        open.put(key, new Ask(null, tries, timer.schedule(() -> waited(key, tries), delayMillis,
                TimeUnit.MILLISECONDS)));
    }
}
