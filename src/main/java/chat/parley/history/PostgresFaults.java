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

    /**
     * The server's own words for a failure, without the statement: a failed batch's message quotes every row's
     * values (message text), which must not reach the log or {@code /api/health}.
     */
    static SQLException withoutValues(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
                return new SQLException(batch.getNextException().getMessage(), batch.getSQLState());
            }
            if (e instanceof SQLException sql) {
                return new SQLException(sql.getMessage(), sql.getSQLState());
            }
        }
        return new SQLException(String.valueOf(error));
    }
}
