package chat.parley;

import chat.parley.config.Durability;
import chat.parley.db.Database;
import chat.parley.db.SqlStore;

/** The shared stores' contract on SQLite: each "node" is another {@link Database} on the same {@code parley.db}. */
class SqliteSharedStoresTest extends SharedStoresContract {

    @Override
    protected SqlStore connect() throws Exception {
        return Database.open(dataDir.resolve("parley.db"), Durability.PROCESS);
    }
}
