package chat.parley.history;

import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;

/** {@link HistoryCrashIT} with the history on a real PostgreSQL server: SIGKILL loses no acknowledged message. */
class PostgresHistoryCrashIT extends HistoryCrashIT {

    private StoreSettings store;

    @Override
    String[] storeArgs() {
        if (store == null) {
            store = PostgresServer.shared().newStore("crash");
        }
        return new String[] {"--store", "postgresql", "--postgres-url", store.postgresUrl(), "--postgres-user",
                store.postgresUser()};
    }
}
