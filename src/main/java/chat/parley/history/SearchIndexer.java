package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds committed messages to the full-text index in batches, on the writer's connection and thread: once
 * {@link #BATCH} are waiting, when the writer has been idle a moment, when the backlog grows past {@link #MAX_BACKLOG}
 * even while appends wait, and before every search (so a search always sees every acknowledged message). FTS5 costs a
 * fixed amount per transaction, so one large batch is far cheaper than indexing inside every small group commit.
 */
final class SearchIndexer {

    /** Most messages indexed in one step. */
    static final int STEP = 2000;
    /** Index even while appends are waiting once this many messages are not yet indexed. */
    static final int MAX_BACKLOG = 20_000;

    /** Below this many unindexed messages, a writer that is not idle leaves them for later (see {@link #due}). */
    static final int BATCH = 500;

    private final Connection connection;
    // Prepared once on the writer's connection: preparing costs more than a small step.
    private final PreparedStatement nextToIndex;
    private final PreparedStatement indexRange;
    private final PreparedStatement setIndexedUpto;
    private long indexedUpto;
    private long pending;

    /** An indexer working on the writer's connection; reads how far the index goes. */
    SearchIndexer(Connection connection) throws SQLException {
        this.connection = connection;
        this.nextToIndex = connection.prepareStatement(Sql.NEXT_TO_INDEX);
        this.indexRange = connection.prepareStatement(Sql.INDEX_RANGE);
        this.setIndexedUpto = connection.prepareStatement(Sql.SET_INDEXED_UPTO);
        reset();
    }

    /** Reads how far the index goes (a new connection after a failed transaction reads it anew). */
    private void reset() throws SQLException {
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

    /** Whether enough is waiting to be worth a step between appends (each step is a transaction and an FTS segment). */
    boolean due() {
        return pending >= BATCH;
    }

    boolean backlogTooLarge() {
        return pending > MAX_BACKLOG;
    }

    /**
     * Indexes up to {@link #STEP} messages inside the caller's transaction on the writer's connection.
     *
     * @return how many messages (with or without text) the step covered; 0 when the index is up to date
     */
    int step() throws SQLException {
        long upto;
        nextToIndex.setLong(1, indexedUpto);
        nextToIndex.setInt(2, STEP);
        try (ResultSet rs = nextToIndex.executeQuery()) {
            rs.next();
            upto = rs.getLong(1);
            if (rs.wasNull()) {
                pending = 0;
                return 0;
            }
        }
        indexRange.setLong(1, indexedUpto);
        indexRange.setLong(2, upto);
        indexRange.executeUpdate();
        setIndexedUpto.setLong(1, upto);
        setIndexedUpto.executeUpdate();
        int covered = (int) Math.min(Integer.MAX_VALUE, upto - indexedUpto);
        indexedUpto = upto;
        pending = Math.max(1, pending - covered); // ids can skip (rollbacks): the next step finds out exactly
        return covered;
    }
}
