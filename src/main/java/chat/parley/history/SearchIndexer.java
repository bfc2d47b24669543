package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds committed messages to the full-text index in batches, on the writer's connection and thread: when the writer
 * is idle, when the backlog grows past {@link #MAX_BACKLOG}, and before every search (so a search always sees every
 * acknowledged message). FTS5 costs a fixed amount per transaction, so one large batch is far cheaper than indexing
 * inside every small group commit.
 */
final class SearchIndexer {

    /** Most messages indexed in one step. */
    static final int STEP = 2000;
    /** Index even while appends are waiting once this many messages are not yet indexed. */
    static final int MAX_BACKLOG = 20_000;

    private long indexedUpto;
    private long pending;

    /** Reads how far the index goes. */
    void load(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(Sql.INDEXED_UPTO); ResultSet rs = st.executeQuery()) {
            indexedUpto = rs.next() ? rs.getLong(1) : 0;
        }
        pending = 1; // unknown until the first step looks
    }

    /** Notes that {@code count} messages were committed. */
    void committed(int count) {
        pending += count;
    }

    boolean hasBacklog() {
        return pending > 0;
    }

    boolean backlogTooLarge() {
        return pending > MAX_BACKLOG;
    }

    /**
     * Indexes up to {@link #STEP} messages inside the caller's transaction.
     *
     * @return how many messages (with or without text) the step covered; 0 when the index is up to date
     */
    int step(Connection connection) throws SQLException {
        long upto;
        try (PreparedStatement st = connection.prepareStatement(Sql.NEXT_TO_INDEX)) {
            st.setLong(1, indexedUpto);
            st.setInt(2, STEP);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                upto = rs.getLong(1);
                if (rs.wasNull()) {
                    pending = 0;
                    return 0;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(Sql.INDEX_RANGE);
             PreparedStatement mark = connection.prepareStatement(Sql.SET_INDEXED_UPTO)) {
            insert.setLong(1, indexedUpto);
            insert.setLong(2, upto);
            insert.executeUpdate();
            mark.setLong(1, upto);
            mark.executeUpdate();
        }
        int covered = (int) Math.min(Integer.MAX_VALUE, upto - indexedUpto);
        indexedUpto = upto;
        pending = Math.max(1, pending - covered); // ids can skip (rollbacks): the next step finds out exactly
        return covered;
    }

    /** Rolls the in-memory position back to what the database says (after a failed transaction). */
    void reset(Connection connection) throws SQLException {
        load(connection);
    }
}
