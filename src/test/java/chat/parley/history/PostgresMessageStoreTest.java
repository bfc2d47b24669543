package chat.parley.history;

import chat.parley.config.Retention;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.sql.DriverManager;
import java.sql.SQLException;

/** The store contract on a real PostgreSQL server ({@link PostgresServer}): a database of its own per test. */
class PostgresMessageStoreTest extends MessageStoreContract {

    private StoreSettings settings;

    @BeforeEach
    void database(TestInfo test) {
        settings = PostgresServer.shared().newStore(test.getTestMethod().orElseThrow().getName());
    }

    @Override
    MessageStore openStore(Retention retention) throws SQLException {
        return PostgresMessageStore.open(PostgresDatabase.open(settings), retention, JSON, new SimpleMeterRegistry());
    }

    /** Rows whose text-search vector holds something (encrypted messages and events have none). */
    @Override
    long indexedRows() throws SQLException {
        return query("SELECT COUNT(*) FROM messages WHERE search <> ''::tsvector");
    }

    /** Every row's vector is its current text's, and the GIN index finds what a scan finds. */
    @Override
    void checkIndex() throws SQLException {
        if (query("SELECT COUNT(*) FROM messages WHERE search <> to_tsvector('simple', COALESCE(body, ''))") != 0) {
            throw new AssertionError("a search vector is not its row's text");
        }
    }

    private long query(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(), "");
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
