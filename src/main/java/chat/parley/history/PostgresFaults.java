package chat.parley.history;

import java.sql.SQLException;

/** What a PostgreSQL error says about the connection it came on. */
final class PostgresFaults {

    private PostgresFaults() {
    }

    /**
     * Whether the connection or the server went away (SQLSTATE class 08, an administrator's shutdown 57P01-57P03):
     * then every statement fails alike, whatever it holds.
     */
    static boolean isConnectionLost(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("57P");
            }
        }
        return false;
    }
}
