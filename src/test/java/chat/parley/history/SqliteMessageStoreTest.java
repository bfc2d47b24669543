package chat.parley.history;

import chat.parley.config.Durability;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The store contract on SQLite: a temp-dir database per test; FTS5 checks its own index. */
class SqliteMessageStoreTest extends MessageStoreContract {

    @TempDir
    Path dir;

    @Override
    MessageStore openStore(Retention retention) throws SQLException {
        return SqliteMessageStore.open(Database.open(dir.resolve("parley.db"), Durability.PROCESS), retention, JSON,
                new SimpleMeterRegistry());
    }

    /** FTS5's own consistency check of the index against the messages: throws when they disagree. */
    @Override
    void checkIndex() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"))) {
            c.createStatement().execute("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)");
        }
    }

    /** Rows in the FTS index itself, read through the index's own docsize shadow table. */
    @Override
    long indexedRows() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM message_fts_docsize")) {
            return rs.getLong(1);
        }
    }
}
