package chat.parley.db;

import java.nio.file.Path;
import java.sql.SQLException;

/** The database file is damaged (found by {@link IntegrityCheck} or by SQLite while opening it): don't go on with it. */
public final class DamagedDatabaseException extends SQLException {

    private final Path file;

    DamagedDatabaseException(Path file, String problem, Throwable cause) {
        super("the database " + file.toAbsolutePath() + " is damaged (" + problem + ")", cause);
        this.file = file;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }
}
