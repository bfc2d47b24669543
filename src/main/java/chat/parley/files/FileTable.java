package chat.parley.files;

import chat.parley.db.SqlStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * The {@code files} and {@code file_refs} tables: reads on the database's reader pool (a file message's publish
 * reads one row by its key), inserts and deletes on its writer (uploads and sweeps are rare next to chat messages).
 */
final class FileTable {

    private static final String COLUMNS = "id, sha256, room, uploader, name, size, mime, width, height, thumb, "
            + "thumb_of, encrypted, created";
    private static final String INSERT = "INSERT INTO files (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM files WHERE id = ?";
    private static final String USAGE = "SELECT COALESCE(SUM(size), 0) FROM files "
            + "WHERE uploader = ? AND thumb_of IS NULL";
    /** Uploads no message shows, older than the grace for publishing them (thumbnails go with their image). */
    private static final String UNREFERENCED = "SELECT " + COLUMNS + " FROM files f WHERE f.created < ? "
            + "AND NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = f.id) "
            + "AND (f.thumb_of IS NULL OR NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = f.thumb_of))";
    private static final String DELETE = "DELETE FROM files WHERE id = ?";
    private static final String BLOB_USED = "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1";
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

    void insert(StoredFile file) throws SQLException {
        database.write(c -> insert(c, file));
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
        return database.query(BY_ID, FileTable::row, id).stream().findFirst();
    }

    /** Bytes of the files {@code user} uploaded (thumbnails the server made do not count). */
    long usage(String user) throws SQLException {
        return database.query(USAGE, rs -> rs.getLong(1), user).stream().findFirst().orElse(0L);
    }

    /** Files that no message shows, uploaded before {@code before} (ms). */
    List<StoredFile> unreferenced(long before) throws SQLException {
        return database.query(UNREFERENCED, FileTable::row, before);
    }

    void delete(String id) throws SQLException {
        database.update(DELETE, id);
    }

    boolean blobUsed(String sha256) throws SQLException {
        return !database.query(BLOB_USED, rs -> true, sha256).isEmpty();
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
