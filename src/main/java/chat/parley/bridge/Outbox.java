package chat.parley.bridge;

import chat.parley.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages waiting to go to the remote broker, durable in {@code parley.db} (table {@code bridge_outbox}) so neither
 * an unreachable remote nor a restart loses them. Taken oldest first. Bounded: adding past {@code max} drops the
 * oldest entries, and counts them. Thread-safe.
 */
final class Outbox implements AutoCloseable {

    private static final String INSERT = "INSERT INTO bridge_outbox (room, payload, created) VALUES (?, ?, ?)";
    private static final String OLDEST = "SELECT id, room, payload FROM bridge_outbox ORDER BY id LIMIT ?";
    private static final String REMOVE_UPTO = "DELETE FROM bridge_outbox WHERE id <= ?";
    private static final String DROP_OLDEST =
            "DELETE FROM bridge_outbox WHERE id IN (SELECT id FROM bridge_outbox ORDER BY id LIMIT ?)";
    private static final String COUNT = "SELECT COUNT(*) FROM bridge_outbox";

    /**
     * One queued message.
     *
     * @param id      position in the queue (ascending = oldest first)
     * @param room    the local room id
     * @param payload the JSON to publish on the remote
     */
    record Entry(long id, String room, String payload) {
    }

    private final Connection connection;
    private volatile int max;
    private long depth;
    private long dropped;

    private Outbox(Connection connection, int max) throws SQLException {
        this.connection = connection;
        this.max = max;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(COUNT)) {
            depth = rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Opens the outbox of a (migrated) database, keeping at most {@code max} messages. */
    static Outbox open(Database database, int max) throws SQLException {
        return new Outbox(database.connect(false), max);
    }

    /** Queues a message; when the queue is full, the oldest are dropped first. */
    synchronized void add(String room, String payload) throws SQLException {
        if (depth >= max) {
            long excess = depth - max + 1;
            try (PreparedStatement st = connection.prepareStatement(DROP_OLDEST)) {
                st.setLong(1, excess);
                int removed = st.executeUpdate();
                depth -= removed;
                dropped += removed;
            }
        }
        try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            st.setString(1, room);
            st.setString(2, payload);
            st.setLong(3, System.currentTimeMillis());
            st.executeUpdate();
            depth++;
        }
    }

    /** Up to {@code limit} of the oldest queued messages, oldest first; they stay queued until {@link #remove}. */
    synchronized List<Entry> oldest(int limit) throws SQLException {
        var entries = new ArrayList<Entry>();
        try (PreparedStatement st = connection.prepareStatement(OLDEST)) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return entries;
    }

    /** Removes every queued message up to and including {@code id} (they were sent). */
    synchronized void remove(long id) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(REMOVE_UPTO)) {
            st.setLong(1, id);
            depth -= st.executeUpdate();
        }
    }

    /** How many messages are queued. */
    synchronized long depth() {
        return depth;
    }

    /** How many messages were dropped because the queue was full, since start. */
    synchronized long dropped() {
        return dropped;
    }

    /** The bound. */
    int max() {
        return max;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
