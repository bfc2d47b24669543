package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * History's prepared statements and search indexer on the database writer's connection. The writer replaces its
 * connection after a failed transaction (see {@link chat.parley.db.Writer} for why); these die with it and are
 * prepared again on the new one.
 */
final class WriterConnection {

    final Connection connection;
    final PreparedStatement findById;
    final PreparedStatement insertMessage;
    final PreparedStatement selectLastSeq;
    final PreparedStatement upsertLastSeq;
    final SearchIndexer indexer;
    final MessageEvents events;

    WriterConnection(Connection connection, EnvelopeJson codec) throws SQLException {
        this.connection = connection;
        this.findById = connection.prepareStatement(Sql.FIND_BY_ID);
        this.insertMessage = connection.prepareStatement(Sql.INSERT_MESSAGE);
        this.selectLastSeq = connection.prepareStatement(Sql.LAST_SEQ);
        this.upsertLastSeq = connection.prepareStatement(Sql.UPSERT_LAST_SEQ);
        this.indexer = new SearchIndexer(connection);
        this.events = new MessageEvents(connection, codec);
    }
}
