package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server with {@code store: postgresql}: messages published over MQTT are stored on a real PostgreSQL
 * server (not in {@code parley.db}) and read back over REST, whatever store the other tests run on.
 */
class PostgresHistoryApiTest extends HistoryApiContract {

    private static StoreSettings store;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(config -> {
        store = PostgresServer.shared().newStore("server");
        return config.withRateLimit(TestServer.UNLIMITED).withStore(store);
    });

    @Override
    ParleyServerExtension parley() {
        return parley;
    }

    @Test
    void acknowledged_messages_are_rows_of_the_postgresql_database() throws SQLException {
        try (var c = DriverManager.getConnection(store.postgresUrl(), store.postgresUser(), "");
             var rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(seq) FROM messages WHERE room = 'general'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(120);
            assertThat(rs.getLong(2)).isEqualTo(120);
        }
    }
}
