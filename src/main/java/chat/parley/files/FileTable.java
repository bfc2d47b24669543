package chat.parley.files;

import chat.parley.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code files} and {@code file_refs} tables, through one connection of their own: uploads and sweeps are rare
 * next to chat messages, and a file message's publish reads one row by its key.
 */
final class FileTable implements AutoCloseable {

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
            + "(SELECT COALESCE(SUM(size), 0) FROM (SELECT sha256, MAX(size) AS size FROM files GROUP BY sha256)) "
            + "FROM files";

    private final Connection connection;

    private FileTable(Connection connection) {
        this.connection = connection;
    }

    static FileTable open(Database database) throws SQLException {
        return new FileTable(database.connect(false));
    }

    synchronized void insert(StoredFile file) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(INSERT)) {
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
            st.executeUpdate();
        }
    }

    synchronized Optional<StoredFile> byId(String id) throws SQLException {
        return one(BY_ID, id);
    }

    /** Bytes of the files {@code user} uploaded (thumbnails the server made do not count). */
    synchronized long usage(String user) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(USAGE)) {
            st.setString(1, user);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Files that no message shows, uploaded before {@code before} (ms). */
    synchronized List<StoredFile> unreferenced(long before) throws SQLException {
        var files = new ArrayList<StoredFile>();
        try (PreparedStatement st = connection.prepareStatement(UNREFERENCED)) {
            st.setLong(1, before);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    files.add(row(rs));
                }
            }
        }
        return files;
    }

    synchronized void delete(String id) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(DELETE)) {
            st.setString(1, id);
            st.executeUpdate();
        }
    }

    synchronized boolean blobUsed(String sha256) throws SQLException {
        return exists(BLOB_USED, sha256);
    }

    /** How many files people shared (thumbnails not counted) and the bytes their distinct contents take. */
    synchronized FileStats stats() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(STATS); ResultSet rs = st.executeQuery()) {
            return rs.next() ? new FileStats(rs.getLong(1), rs.getLong(2)) : new FileStats(0, 0);
        }
    }

    private boolean exists(String sql, String key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<StoredFile> one(String sql, String key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
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

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
