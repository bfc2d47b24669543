package chat.parley.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to {@code parley.db} kept open for a small store that is used often (bots, webhooks), instead of a
 * new connection per call. Calls are serialised. After a failed statement the connection is given up and the next
 * call opens a new one, which never creates the file (a deleted {@code parley.db} stays an error), as the bridge
 * outbox does: a connection that lost its file or hit a full disk does not fail forever.
 */
public final class KeptConnection implements AutoCloseable {

    /** What to do with the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;
    /** Null until the first call, and after a failed one until the next. */
    private Connection connection;

    public KeptConnection(Database database) {
        this.database = database;
    }

    /** Runs {@code work} on the kept connection (statements commit on their own unless the work says otherwise). */
    public synchronized <T> T with(Work<T> work) throws SQLException {
        try {
            if (connection == null) {
                connection = database.connectExisting();
            }
            return work.run(connection);
        } catch (SQLException | RuntimeException e) {
            giveUp();
            throw e;
        }
    }

    /** Reads one object per row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query with these parameters and reads every row. */
    public <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        return with(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, args);
                try (ResultSet rs = st.executeQuery()) {
                    var rows = new ArrayList<T>();
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                    return rows;
                }
            }
        });
    }

    /** Runs a statement with these parameters; returns how many rows it changed. */
    public int update(String sql, Object... args) throws SQLException {
        return with(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, args);
                return st.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }

    private void giveUp() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection closes as far as it can
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        giveUp();
    }
}
