package chat.parley.bridge;

import chat.parley.chat.Envelope;
import chat.parley.chat.Names;
import chat.parley.history.MessagePage;
import chat.parley.history.MessageStore;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The bridge's outbound side on a web node, where the store's hook ({@code ChatIntake.onAccepted}) hears only of what
 * this node stored (posts over HTTP), not of what browsers publish to the broker (stored by its extension): it reads
 * the shared history instead. Each bridged room goes on after the local seq of the last message this site numbered
 * there ({@link RepairLedger#lastOwnSeq}), so a restart neither sends a room again nor leaves a gap, and what was said
 * while the node was down (or the bridge off) goes out when it is back. A room this site never forwarded starts at its
 * end when the bridge is first turned on since the node started (0 for a room that came later), marked in the ledger
 * ({@link RepairLedger#startOwn}): the history before the bridge is not sent. What is said in a room that is not
 * bridged (or private) is passed over, as the hook does. Rows are read in seq order, which is commit order:
 * every store locks a room's seq row until it commits ({@code PostgresSql.LOCK_ROOMS}), so no lower seq appears later.
 * <p>
 * {@link #tick} runs on one thread, every {@link Bridge#FOLLOW_MILLIS} ms.
 */
final class HistoryFollower {

    /** Rows read from the history at a time. */
    static final int PAGE = 500;

    /** Numbers and queues one message of this site for the remote ({@link Bridge}'s, shared with the hook). */
    @FunctionalInterface
    interface Forward {
        void forward(Envelope message) throws SQLException;
    }

    private final MessageStore history;
    private final RepairLedger ledger;
    private final Predicate<String> bridged;
    private final BooleanSupplier enabled;
    private final Forward forward;
    private final Consumer<String> error;
    /** Per room, the last seq passed (forwarded or not); absent: not looked at yet since start. */
    private final Map<String, Long> passed = new HashMap<>();
    /**
     * Every room's last seq when the bridge was first on since start ({@link #turnedOn}); {@code null} before: a room
     * this site never forwarded starts there, one that came later at 0. Until then nothing is read (a node whose
     * bridge was never turned on costs nothing).
     */
    private final AtomicReference<Map<String, Long>> atStart = new AtomicReference<>();

    /**
     * @param bridged whether a room is bridged by the config and not private (whether or not the bridge is on)
     * @param enabled whether the bridge is on: while it is off, bridged rooms wait where they are
     */
    HistoryFollower(MessageStore history, RepairLedger ledger, Predicate<String> bridged, BooleanSupplier enabled,
                    Forward forward, Consumer<String> error) {
        this.history = history;
        this.ledger = ledger;
        this.bridged = bridged;
        this.enabled = enabled;
        this.forward = forward;
        this.error = error;
    }

    /**
     * The bridge was turned on: notes where every room is now, on the caller's thread, so a message said right after
     * (in a room this site never forwarded) is not taken for history from before the bridge.
     */
    void turnedOn() {
        if (atStart.get() != null) {
            return;
        }
        try {
            atStart.compareAndSet(null, history.lastSeqs());
        } catch (RuntimeException e) { // the first tick notes it instead
            error.accept("could not read the history to follow: " + Bridge.rootMessage(e));
        }
    }

    /** Forwards what every bridged room got since the last tick. */
    void tick() {
        if (atStart.get() == null && !enabled.getAsBoolean()) {
            return;
        }
        Map<String, Long> last;
        try {
            last = history.lastSeqs();
        } catch (RuntimeException e) { // the database is away: the next tick tries again
            error.accept("could not read the history to follow: " + Bridge.rootMessage(e));
            return;
        }
        atStart.compareAndSet(null, last);
        for (Map.Entry<String, Long> room : last.entrySet()) {
            if (!Names.isRoom(room.getKey())) {
                continue; // DMs are never bridged
            }
            try {
                follow(room.getKey(), room.getValue());
            } catch (SQLException | RuntimeException e) { // stops at the message that failed; tried again next tick
                error.accept("could not forward " + room.getKey() + " to the remote: " + Bridge.rootMessage(e));
            }
        }
    }

    private void follow(String room, long lastSeq) throws SQLException {
        if (!bridged.test(room)) {
            passed.put(room, lastSeq); // never goes out, even if the room is bridged later
            return;
        }
        if (!enabled.getAsBoolean()) {
            return;
        }
        Long from = passed.get(room);
        if (from == null) {
            from = ledger.lastOwnSeq(room);
            if (from == null) {
                from = atStart.get().getOrDefault(room, 0L);
                ledger.startOwn(room, from);
            }
            passed.put(room, from);
        }
        while (from < lastSeq) {
            MessagePage page = history.after(room, from, PAGE);
            for (Envelope row : page.messages()) {
                // A message deleted before it was read has nothing left to send (a repair answer skips it too).
                if (!row.bridged() && !row.deleted()) {
                    forward.forward(row);
                }
                from = row.seq();
                passed.put(room, from);
            }
            if (!page.hasMore()) { // every row up to lastSeq was committed when it was read: none is still to come
                passed.put(room, Math.max(from, lastSeq));
                break;
            }
        }
    }
}
