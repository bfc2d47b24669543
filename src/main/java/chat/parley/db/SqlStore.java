package chat.parley.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The database every store outside the history works on: SQLite's {@code parley.db} ({@link Database}: a reader pool
 * and one writer thread) or a PostgreSQL database shared by several Parley processes ({@link PostgresDatabase}: one
 * pool, a transaction per write). Stores write SQL both engines run (see docs/design.md, "One SQL for both stores");
 * where a statement truly differs they choose by {@link #dialect()}.
 */
public interface SqlStore extends AutoCloseable {

    /** Which engine runs the SQL. */
    enum Dialect { SQLITE, POSTGRESQL }

    Dialect dialect();

    /** Runs {@code work} on a pooled connection outside any write transaction (one connection for the whole call). */
    <T> T read(SqlWork<T> work) throws SQLException;

    /** Runs {@code work} in one transaction and returns its result once committed; blocks. */
    <T> T write(SqlWork<T> work) throws SQLException;

    /**
     * Tells the other processes sharing this database that {@code key} of {@code table} changed, when the transaction
     * of {@code connection} commits (call it inside {@link #write}). Nothing to tell with SQLite: one server writes.
     */
    void changed(Connection connection, String table, String key) throws SQLException;

    /**
     * Calls {@code reload} (on a thread of the database's) with each key of {@code table} that a process sharing this
     * database changed, this one included, after its commit; with {@code null} when changes may have been missed (the
     * connection that hears them was lost), meaning "reload everything". Stores that serve a table from memory use it
     * to stay the same on every node; they call it before loading, so no change falls in between. Never called with
     * SQLite.
     *
     * @throws SQLException when the connection that hears changes cannot be opened
     */
    void onChanged(String table, Consumer<String> reload) throws SQLException;

    /**
     * Takes the lock {@code key} if no other process sharing this database holds it (see {@link SiteLock}).
     *
     * @param holder who takes it, as {@link #lockHolder} tells the others (e.g. {@code parley-bridge@host})
     * @return the lock, or empty when another process holds it
     */
    Optional<SiteLock> tryLock(long key, String holder) throws SQLException;

    /** Who holds the lock {@code key}, as it named itself and where it connects from; empty when nobody does. */
    Optional<String> lockHolder(long key) throws SQLException;

    /** Closes the connections. */
    @Override
    void close();

    /** Reads one object per row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query with these parameters and reads every row. */
    default <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        return read(c -> query(c, sql, row, args));
    }

    /** Runs one statement with these parameters in a write transaction of its own; returns how many rows changed. */
    default int update(String sql, Object... args) throws SQLException {
        return write(c -> update(c, sql, args));
    }

    /** Runs a query with these parameters on {@code c} and reads every row. */
    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
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
    }

    /** Runs one statement with these parameters on {@code c}; returns how many rows it changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            return st.executeUpdate();
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }
}
