package chat.parley.bridge;

import chat.parley.TestServer;
import chat.parley.db.PostgresServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link BridgeRepairTest} with site A's history on PostgreSQL: the bridge's outbox and repair ledger stay in the
 * node's {@code parley.db}, its repair answers and pruning read the history through the store, wherever it is.
 */
class PostgresBridgeRepairTest extends BridgeRepairTest {

    @BeforeAll
    static void start() { // hides BridgeRepairTest.start, so only this one runs
        startOn(TestServer.ephemeralConfig().withStore(PostgresServer.shared().newStore("bridge")));
    }
}
