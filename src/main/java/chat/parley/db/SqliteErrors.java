package chat.parley.db;

import org.sqlite.SQLiteException;

/** What an error from SQLite says about the connection that met it, and about the row that caused it. */
public final class SqliteErrors {

    private SqliteErrors() {
    }

    /** SQLite's primary result code of the first {@link SQLiteException} in the chain, or -1 when there is none. */
    public static int primaryCode(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof SQLiteException sqlite) {
                return sqlite.getResultCode().code & 0xff; // extended codes carry the primary one in their low byte
            }
        }
        return -1;
    }

    /**
     * Whether the connection is suspect after this error (the disk is full or failed, the file is gone, damaged or
     * read-only, or locked): it is given up and a new one opened, which works again once the fault is gone.
     */
    public static boolean connectionLost(Throwable error) {
        return switch (primaryCode(error)) {
            case 5, 6, 8, 10, 11, 13, 14, 26 -> true; // BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB
            default -> false;
        };
    }

    /**
     * Whether the error is about one row's values (a constraint it breaks, a value too big or of the wrong type): the
     * statement failed alone, the connection and its transaction are fine, and other rows can still be written.
     */
    public static boolean rowOnly(Throwable error) {
        return switch (primaryCode(error)) {
            case 18, 19, 20 -> true; // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH
            default -> false;
        };
    }
}
