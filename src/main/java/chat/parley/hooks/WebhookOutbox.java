package chat.parley.hooks;

import chat.parley.db.Database;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries waiting for outgoing webhooks, durable in {@code parley.db} (table {@code webhook_outbox}) so neither a
 * receiver that is down nor a restart loses them. Each hook's deliveries go in order: only its oldest is ever due.
 * Bounded: adding past {@code max} drops the oldest, and counts them. Thread-safe: changes run on the
 * database's writer, reads on its reader pool.
 */
final class WebhookOutbox {

    private static final String INSERT =
            "INSERT INTO webhook_outbox (hook, body, attempts, next_attempt, created) VALUES (?, ?, 0, ?, ?)";
    /** The oldest delivery of each hook, when it is due. */
    private static final String DUE = "SELECT o.id, o.hook, o.body, o.attempts FROM webhook_outbox o "
            + "WHERE o.id IN (SELECT MIN(id) FROM webhook_outbox GROUP BY hook) AND o.next_attempt <= ? ORDER BY o.id";
    private static final String NEXT_DUE = "SELECT MIN(next_attempt) FROM webhook_outbox "
            + "WHERE id IN (SELECT MIN(id) FROM webhook_outbox GROUP BY hook)";
    private static final String RETRY = "UPDATE webhook_outbox SET attempts = ?, next_attempt = ? WHERE id = ?";
    private static final String REMOVE = "DELETE FROM webhook_outbox WHERE id = ?";
    private static final String REMOVE_HOOK = "DELETE FROM webhook_outbox WHERE hook = ?";
    private static final String DROP_OLDEST =
            "DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox ORDER BY id LIMIT ?)";
    private static final String COUNT = "SELECT COUNT(*) FROM webhook_outbox";
    private static final String DUE_NOW = "UPDATE webhook_outbox SET next_attempt = ? WHERE next_attempt > ?";
    private static final String COUNT_BY_HOOK = "SELECT hook, COUNT(*) FROM webhook_outbox GROUP BY hook";

    /**
     * One delivery.
     *
     * @param id       its place in the queue
     * @param hook     the outgoing webhook it goes to
     * @param body     the JSON body, exactly as signed and sent (the same bytes at every try)
     * @param attempts tries so far
     */
    record Entry(long id, long hook, String body, int attempts) {
    }

    private final Database db;
    private final int max;
    /** Changed only on the database's writer thread, inside the transaction that changed the table. */
    private volatile long depth;
    private volatile long dropped;

    /** Opens the queue; what waited for a later try is due at once (a restart often follows a fix). */
    WebhookOutbox(Database database, int max) throws SQLException {
        this.db = database;
        this.max = max;
        this.depth = db.query(COUNT, rs -> rs.getLong(1)).get(0);
        long now = System.currentTimeMillis();
        db.update(DUE_NOW, now, now);
    }

    /** Queues a delivery, due now; when the queue is full, the oldest go first. */
    void add(long hook, String body) throws SQLException {
        // One transaction on the writer, with no lock of this class held while it waits: the writer thread itself
        // queues deliveries of the messages it stored.
        db.write(c -> {
            if (depth >= max) {
                int removed = Database.update(c, DROP_OLDEST, depth - max + 1);
                depth -= removed;
                dropped += removed;
            }
            long now = System.currentTimeMillis();
            Database.update(c, INSERT, hook, body, now, now);
            depth++;
            return null;
        });
    }

    /** The deliveries due at {@code now}: the oldest of each hook, if its next try has come. */
    List<Entry> due(long now) throws SQLException {
        return db.query(DUE, rs -> new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4)), now);
    }

    /** When the next delivery falls due (ms since the epoch), or {@code Long.MAX_VALUE} when nothing is queued. */
    long nextDue() throws SQLException {
        return db.query(NEXT_DUE, rs -> {
            long at = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : at;
        }).get(0);
    }

    /** A delivery that went through, or is given up: it leaves the queue. */
    void remove(long id) throws SQLException {
        db.write(c -> depth -= Database.update(c, REMOVE, id));
    }

    /** A delivery that failed and will be tried again at {@code nextAttempt}. */
    void retry(long id, int attempts, long nextAttempt) throws SQLException {
        db.update(RETRY, attempts, nextAttempt, id);
    }

    /** Drops every delivery of a hook that is gone. */
    void removeHook(long hook) throws SQLException {
        db.write(c -> depth -= Database.update(c, REMOVE_HOOK, hook));
    }

    /** Queued deliveries per hook. */
    Map<Long, Long> depthByHook() throws SQLException {
        var counts = new HashMap<Long, Long>();
        db.query(COUNT_BY_HOOK, rs -> counts.put(rs.getLong(1), rs.getLong(2)));
        return counts;
    }

    long depth() {
        return depth;
    }

    /** Deliveries dropped because the queue was full, since start. */
    long dropped() {
        return dropped;
    }
}
