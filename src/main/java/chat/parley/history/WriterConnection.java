package chat.parley.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The writer's connection with its prepared statements and search indexer, replaced as a whole after a failed
 * transaction. Why not just ROLLBACK and go on: after SQLITE_FULL or SQLITE_IOERR the driver finalizes the statement
 * that failed (every later use says "statement is not executing"), a failed COMMIT can leave the transaction open
 * ("cannot start a transaction within a transaction"), and a lost file handle never comes back. A new connection
 * has none of that, costs a few milliseconds, and is only made after a failure.
 */
final class WriterConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriterConnection.class);

    final Connection connection;
    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement findById;
    final PreparedStatement insertMessage;
    final PreparedStatement selectLastSeq;
    final PreparedStatement upsertLastSeq;
    final SearchIndexer indexer;
    final MessageEvents events;

    private WriterConnection(Connection connection, EnvelopeJson codec) throws SQLException {
        this.connection = connection;
        // Transactions are begun explicitly with BEGIN IMMEDIATE: taking the write lock first means another writer
        // of the same file (claims) can never invalidate this transaction's read snapshot (SQLITE_BUSY_SNAPSHOT).
        connection.setAutoCommit(true);
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.findById = connection.prepareStatement(Sql.FIND_BY_ID);
        this.insertMessage = connection.prepareStatement(Sql.INSERT_MESSAGE);
        this.selectLastSeq = connection.prepareStatement(Sql.LAST_SEQ);
        this.upsertLastSeq = connection.prepareStatement(Sql.UPSERT_LAST_SEQ);
        this.indexer = new SearchIndexer(connection);
        this.events = new MessageEvents(connection, codec);
    }

    /** Prepares the writer's statements on a new connection; closes the connection when that fails. */
    static WriterConnection on(Connection connection, EnvelopeJson codec) throws SQLException {
        try {
            return new WriterConnection(connection, codec);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Ends a failed transaction and closes the connection. The explicit ROLLBACK runs on a new statement (the
     * prepared one may be finalized); closing would roll back anyway, this just says so in the log when it can't.
     */
    void abandon() {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            log.debug("rollback: {}", e.toString()); // SQLite may already have ended the transaction itself
        }
        close();
    }

    /** Closes the statements and the connection; a broken connection is closed as far as it goes. */
    @Override
    public void close() {
        closeQuietly(connection); // closing the connection finalizes every statement prepared on it
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the store's writer connection: {}", e.toString());
        }
    }
}
