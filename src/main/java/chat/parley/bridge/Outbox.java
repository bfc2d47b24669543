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
 * <p>
 * Every statement commits on its own, so a failure (disk full) leaves no transaction open; the connection is still
 * given up after one, and the next call opens a new one, so a connection that lost its file does not fail forever.
 */
final class Outbox implements AutoCloseable {

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
    private volatile int max;
    /** Null after a failed statement until the next call opens a new one. */
    private Connection connection;
    private long depth;
    private long dropped;

    private Outbox(Database database, int max) throws SQLException {
        this.database = database;
        this.max = max;
        connection();
    }

    /** Opens the outbox of a (migrated) database, keeping at most {@code max} messages. */
    static Outbox open(Database database, int max) throws SQLException {
        return new Outbox(database, max);
    }

    /** The open connection, or a new one (counting the queue again: a failed call may have changed it or not). */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = database.connectExisting();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COUNT)) {
                depth = rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void giveUpConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection closes as far as it can
            }
            connection = null;
        }
    }

    /** Queues a chat message; when the queue is full, the oldest are dropped first. */
    synchronized void add(String room, String payload) throws SQLException {
        add(room, "messages", payload);
    }

    /** Queues an entry of a channel; when the queue is full, the oldest are dropped first. */
    synchronized void add(String room, String channel, String payload) throws SQLException {
        try {
            addTo(connection(), room, channel, payload);
        } catch (SQLException e) {
            giveUpConnection();
            throw e;
        }
    }

    private void addTo(Connection connection, String room, String channel, String payload) throws SQLException {
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
            st.setString(2, channel);
            st.setString(3, payload);
            st.setLong(4, System.currentTimeMillis());
            st.executeUpdate();
            depth++;
        }
    }

    /** Up to {@code limit} of the oldest queued messages, oldest first; they stay queued until {@link #remove}. */
    synchronized List<Entry> oldest(int limit) throws SQLException {
        var entries = new ArrayList<Entry>();
        try (PreparedStatement st = connection().prepareStatement(OLDEST)) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            giveUpConnection();
            throw e;
        }
        return entries;
    }

    /** Removes every queued message up to and including {@code id} (they were sent). */
    synchronized void remove(long id) throws SQLException {
        try (PreparedStatement st = connection().prepareStatement(REMOVE_UPTO)) {
            st.setLong(1, id);
            depth -= st.executeUpdate();
        } catch (SQLException e) {
            giveUpConnection();
            throw e;
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
        giveUpConnection();
    }
}
