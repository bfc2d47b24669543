package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Retention;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void a_row_postgresql_refuses_fails_alone_and_the_rest_of_its_group_commit_is_stored() throws SQLException {
        store = openStore(Retention.unlimited());
        store.append(text("r", "m0", "alice", 1, "to be edited")).join();
        var before = new ArrayList<CompletableFuture<MessageStore.Appended>>();
        var after = new ArrayList<CompletableFuture<MessageStore.Appended>>();
        for (int i = 1; i <= 100; i++) {
            before.add(store.append(text("r", "a" + i, "bob", 2, "before " + i)));
        }
        // PostgreSQL text cannot hold U+0000: the edit's new text fails its statement, and with it the transaction.
        var bad = store.append(Envelope.of("e1", "r", new Stamp("alice", "c", 3),
                new Body.Edit("m0", "nul \u0000 inside", null), null));
        for (int i = 1; i <= 100; i++) {
            after.add(store.append(text("r", "b" + i, "bob", 4, "after " + i)));
        }

        assertThatThrownBy(bad::join).hasRootCauseInstanceOf(SQLException.class);
        before.forEach(CompletableFuture::join);
        after.forEach(CompletableFuture::join);
        assertThat(store.latest("r", 500).messages()).extracting(Envelope::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 201).boxed().toList());
        assertThat(store.writeProblem()).isEmpty();
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
