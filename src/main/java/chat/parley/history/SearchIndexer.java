package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds committed messages to the full-text index in batches, on the writer's connection and thread: once
 * {@link #BATCH} are waiting, when the writer has been idle a moment, when the backlog grows past {@link #MAX_BACKLOG}
 * even while appends wait, and before every search (so a search always sees every acknowledged message). FTS5 costs a fixed amount per transaction, so one large batch is far cheaper than indexing
 * inside every small group commit.
 */
final class SearchIndexer {

    /** Most messages indexed in one step. */
    static final int STEP = 2000;
    /** Index even while appends are waiting once this many messages are not yet indexed. */
    static final int MAX_BACKLOG = 20_000;

    /** Below this many unindexed messages, a writer that is not idle leaves them for later (see {@link #due}). */
    static final int BATCH = 500;

    private long indexedUpto;
    private long pending;
    private Connection preparedFor;
    private PreparedStatement nextToIndex;
    private PreparedStatement indexRange;
    private PreparedStatement setIndexedUpto;

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

    /** Whether enough is waiting to be worth a step between appends (each step is a transaction and an FTS segment). */
    boolean due() {
        return pending >= BATCH;
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
        prepareFor(connection);
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

    /** The step's statements, prepared once on the writer's connection (preparing costs more than a small step). */
    private void prepareFor(Connection connection) throws SQLException {
        if (preparedFor == connection) {
            return;
        }
        close();
        nextToIndex = connection.prepareStatement(Sql.NEXT_TO_INDEX);
        indexRange = connection.prepareStatement(Sql.INDEX_RANGE);
        setIndexedUpto = connection.prepareStatement(Sql.SET_INDEXED_UPTO);
        preparedFor = connection;
    }

    /** Closes the prepared statements (before the connection closes). */
    void close() throws SQLException {
        for (PreparedStatement st : new PreparedStatement[] {nextToIndex, indexRange, setIndexedUpto}) {
            if (st != null) {
                st.close();
            }
        }
        nextToIndex = null;
        indexRange = null;
        setIndexedUpto = null;
        preparedFor = null;
    }

    /** Rolls the in-memory position back to what the database says (after a failed transaction). */
    void reset(Connection connection) throws SQLException {
        load(connection);
    }
}
