package chat.parley.history;

import chat.parley.config.Retention;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.SQLException;

/** The events tests of {@link MessageEventsStoreTest} on a real PostgreSQL server, a database per test. */
class PostgresMessageEventsStoreTest extends MessageEventsStoreTest {

    @Override
    MessageStore openStore() throws SQLException {
        return PostgresMessageStore.open(PostgresDatabase.open(PostgresServer.shared().newStore("events")),
                Retention.unlimited(), new ObjectMapper(), new SimpleMeterRegistry());
    }

    /** PostgreSQL keeps each row's search vector in its own commit: nothing to check beside the searches. */
    @Override
    void checkIndex() {
    }
}
