package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history REST API on the tests' store: SQLite, or PostgreSQL with {@code -Dparley.test.store=postgresql}
 * ({@link TestServer}).
 */
class HistoryApiTest extends HistoryApiContract {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @Override
    ParleyServerExtension parley() {
        return parley;
    }
}
