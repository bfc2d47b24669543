package chat.parley.bridge;

import chat.parley.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Messages waiting to go to the remote broker, durable in {@code parley.db} (table {@code bridge_outbox}) so neither
 * an unreachable remote nor a restart loses them. Taken oldest first. Bounded: adding past {@code max} drops the
 * oldest entries, and counts them. Thread-safe: changes run on the database's writer (one transaction each, so a
 * failure such as a full disk changes nothing), reads on its reader pool.
 */
final class Outbox {

    private static final String INSERT = "INSERT INTO bridge_outbox (room, channel, payload, created) VALUES (?, ?, ?, ?)";
    private static final String OLDEST = "SELECT id, room, channel, payload FROM bridge_outbox ORDER BY id LIMIT ?";
    private static final String REMOVE_UPTO = "DELETE FROM bridge_outbox WHERE id <= ?";
    private static final String DROP_OLDEST =
            "DELETE FROM bridge_outbox WHERE id IN (SELECT id FROM bridge_outbox ORDER BY id LIMIT ?)";
    private static final String COUNT = "SELECT COUNT(*) FROM bridge_outbox";

    /**
     * One queued message.
     *
     * @param id      position in the queue (ascending = oldest first)
     * @param room    the local room id
     * @param channel the topic level under the room: {@code messages}, or {@code files} for a file chunk
     * @param payload the JSON to publish on the remote (for a file chunk: which chunk, read when it is sent)
     */
    record Entry(long id, String room, String channel, String payload) {
    }

    private final Database database;
    private final int max;
    /** Changed only on the database's writer thread, inside the transaction that changed the table. */
    private volatile long depth;
    private volatile long dropped;
    /** Set after a failed write: it may have changed the table or not, so the next one counts the queue again. */
    private volatile boolean recount;

    private Outbox(Database database, int max) throws SQLException {
        this.database = database;
        this.max = max;
        this.depth = database.query(COUNT, rs -> rs.getLong(1)).get(0);
    }

    /** Opens the outbox of a (migrated) database, keeping at most {@code max} messages. */
    static Outbox open(Database database, int max) throws SQLException {
        return new Outbox(database, max);
    }

    /** Queues a chat message; when the queue is full, the oldest are dropped first. */
    void add(String room, String payload) throws SQLException {
        add(room, "messages", payload);
    }

    /**
     * Queues an entry of a channel; when the queue is full, the oldest are dropped first. One transaction on the
     * database's writer, which also runs it when the writer thread itself accepted the message being queued.
     */
    void add(String room, String channel, String payload) throws SQLException {
        write(c -> {
            if (depth >= max) {
                int removed = Database.update(c, DROP_OLDEST, depth - max + 1);
                depth -= removed;
                dropped += removed;
            }
            Database.update(c, INSERT, room, channel, payload, System.currentTimeMillis());
            depth++;
            return null;
        });
    }

    /** Up to {@code limit} of the oldest queued messages, oldest first; they stay queued until {@link #remove}. */
    List<Entry> oldest(int limit) throws SQLException {
        return database.query(OLDEST, rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4)), limit);
    }

    /** Removes every queued message up to and including {@code id} (they were sent). */
    void remove(long id) throws SQLException {
        write(c -> {
            depth -= Database.update(c, REMOVE_UPTO, id);
            return null;
        });
    }

    /** Runs a change on the writer; the depth is counted again first after a failed one. */
    private void write(chat.parley.db.SqlWork<Void> change) throws SQLException {
        try {
            database.write(c -> {
                if (recount) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COUNT)) {
                        depth = rs.next() ? rs.getLong(1) : 0;
                    }
                    recount = false;
                }
                return change.run(c);
            });
        } catch (SQLException | RuntimeException e) {
            recount = true;
            throw e;
        }
    }

    /** How many messages are queued. */
    long depth() {
        return depth;
    }

    /** How many messages were dropped because the queue was full, since start. */
    long dropped() {
        return dropped;
    }

    /** The bound. */
    int max() {
        return max;
    }
}
