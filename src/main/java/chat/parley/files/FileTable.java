package chat.parley.files;

import chat.parley.db.SqlStore;
import chat.parley.db.SqlWork;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code files} and {@code file_refs} tables: reads on the database's reader pool (a file message's publish
 * reads one row by its key), inserts and deletes on its writer (uploads and sweeps are rare next to chat messages).
 * Blobs move in and out of a node's disk in {@link #moving}, one node at a time when several share PostgreSQL.
 */
final class FileTable {

    private static final String COLUMNS = "id, sha256, room, uploader, name, size, mime, width, height, thumb, "
            + "thumb_of, encrypted, created";
    private static final String INSERT = "INSERT INTO files (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM files WHERE id = ?";
    private static final String USAGE = "SELECT COALESCE(SUM(size), 0) FROM files "
            + "WHERE uploader = ? AND thumb_of IS NULL";
    /** No message shows the file (a thumbnail stays as long as its image is shown). */
    private static final String NOT_SHOWN = "NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = files.id) "
            + "AND (files.thumb_of IS NULL "
            + "OR NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = files.thumb_of))";
    /** Uploads no message shows, older than the grace for publishing them. */
    private static final String UNREFERENCED = "SELECT " + COLUMNS + " FROM files WHERE files.created < ? AND "
            + NOT_SHOWN;
    /**
     * PostgreSQL: waits for the transactions storing a message that shows the file (the ref trigger holds the row,
     * PostgresSchema migration 17), so the delete that follows, in a statement of its own, sees their refs.
     */
    private static final String LOCK = "SELECT 1 FROM files WHERE id = ? FOR UPDATE";
    private static final String DELETE_UNREFERENCED = "DELETE FROM files WHERE id = ? AND " + NOT_SHOWN;
    private static final String BLOB_USED = "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1";
    private static final String SHA256S = "SELECT DISTINCT sha256 FROM files";
    /** Any fixed number: the key of the advisory lock a node holds while it moves blobs in or out ("files"). */
    static final long BLOBS_LOCK = 0x66696c6573L;
    private static final String STATS = "SELECT COUNT(*) FILTER (WHERE thumb_of IS NULL), "
            + "(SELECT COALESCE(SUM(size), 0) "
            + "FROM (SELECT sha256, MAX(size) AS size FROM files GROUP BY sha256) blobs) "
            + "FROM files";

    private final SqlStore database;

    private FileTable(SqlStore database) {
        this.database = database;
    }

    static FileTable open(SqlStore database) {
        return new FileTable(database);
    }

    /** Work that moves blobs in or out of this node's disk and changes the rows that name them. */
    @FunctionalInterface
    interface Moving<T, E extends Exception> {
        T run(Rows rows) throws SQLException, IOException, E;
    }

    /**
     * Runs {@code work} so that no other node moves blobs at the same time: with PostgreSQL in one transaction
     * holding an advisory lock, so a node deleting the last row of some bytes and then the bytes cannot interleave
     * with another one keeping a new row of the same bytes (nodes may share one {@code files/} directory); anything
     * {@code work} throws rolls it back. With SQLite one server writes: each statement runs on the writer as usual,
     * and the bytes move on the caller's thread. Callers hold their node's commit lock.
     */
    @SuppressWarnings("unchecked")
    <T, E extends Exception> T moving(Moving<T, E> work) throws SQLException, IOException, E {
        if (database.dialect() != SqlStore.Dialect.POSTGRESQL) {
            return work.run(new Rows(null));
        }
        try {
            return database.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + BLOBS_LOCK + ")");
                }
                try {
                    return work.run(new Rows(c));
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Carried(e);
                }
            });
        } catch (Carried e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (E) e.getCause();
        }
    }

    /** A checked exception of {@link #moving}'s work, through the transaction it rolls back. */
    private static final class Carried extends RuntimeException {
        Carried(Exception cause) {
            super(cause);
        }
    }

    /** The rows as {@link #moving} sees them: on its transaction's connection, or with SQLite on the database. */
    final class Rows {

        private final Connection connection;

        private Rows(Connection connection) {
            this.connection = connection;
        }

        private <T> T read(SqlWork<T> work) throws SQLException {
            return connection != null ? work.run(connection) : database.read(work);
        }

        private <T> T write(SqlWork<T> work) throws SQLException {
            return connection != null ? work.run(connection) : database.write(work);
        }

        void insert(StoredFile file) throws SQLException {
            write(c -> FileTable.insert(c, file));
        }

        Optional<StoredFile> byId(String id) throws SQLException {
            return read(c -> SqlStore.query(c, BY_ID, FileTable::row, id)).stream().findFirst();
        }

        long usage(String user) throws SQLException {
            return read(c -> SqlStore.query(c, USAGE, rs -> rs.getLong(1), user)).stream().findFirst().orElse(0L);
        }

        boolean blobUsed(String sha256) throws SQLException {
            return !read(c -> SqlStore.query(c, BLOB_USED, rs -> true, sha256)).isEmpty();
        }

        /** Deletes the file unless a message shows it now (another node may have shown it since it was picked). */
        boolean deleteIfUnreferenced(String id) throws SQLException {
            return write(c -> {
                if (database.dialect() == SqlStore.Dialect.POSTGRESQL) {
                    SqlStore.query(c, LOCK, rs -> true, id);
                }
                return SqlStore.update(c, DELETE_UNREFERENCED, id) == 1;
            });
        }
    }

    private static int insert(Connection c, StoredFile file) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(INSERT)) {
            st.setString(1, file.id());
            st.setString(2, file.sha256());
            st.setString(3, file.room());
            st.setString(4, file.uploader());
            st.setString(5, file.name());
            st.setLong(6, file.size());
            st.setString(7, file.mime());
            setInt(st, 8, file.width());
            setInt(st, 9, file.height());
            st.setString(10, file.thumb());
            st.setString(11, file.thumbOf());
            st.setInt(12, file.encrypted() ? 1 : 0);
            st.setLong(13, file.created());
            return st.executeUpdate();
        }
    }

    Optional<StoredFile> byId(String id) throws SQLException {
        return new Rows(null).byId(id);
    }

    /** Bytes of the files {@code user} uploaded (thumbnails the server made do not count). */
    long usage(String user) throws SQLException {
        return new Rows(null).usage(user);
    }

    /** Files that no message shows, uploaded before {@code before} (ms). */
    List<StoredFile> unreferenced(long before) throws SQLException {
        return database.query(UNREFERENCED, FileTable::row, before);
    }

    /** Every content some row names. */
    Set<String> sha256s() throws SQLException {
        return new HashSet<>(database.query(SHA256S, rs -> rs.getString(1)));
    }

    /** How many files people shared (thumbnails not counted) and the bytes their distinct contents take. */
    FileStats stats() throws SQLException {
        return database.query(STATS, rs -> new FileStats(rs.getLong(1), rs.getLong(2))).stream().findFirst()
                .orElse(new FileStats(0, 0));
    }

    private static StoredFile row(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), intOrNull(rs, 8), intOrNull(rs, 9), rs.getString(10), rs.getString(11),
                rs.getInt(12) != 0, rs.getLong(13));
    }

    private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }
}
