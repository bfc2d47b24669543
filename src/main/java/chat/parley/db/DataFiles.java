package chat.parley.db;

import chat.parley.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the database and SQLite's {@code -wal} and {@code -shm} beside it readable by their owner only: they hold the
 * whole chat history and the login data. SQLite creates {@code -wal} and {@code -shm} itself, with the database
 * file's permissions, so a database made owner-only before SQLite first opens it gives owner-only companions too;
 * files left by older versions are tightened at every start.
 */
final class DataFiles {

    private static final Logger log = LoggerFactory.getLogger(DataFiles.class);

    private DataFiles() {
    }

    /** Creates the database file empty and owner-only (SQLite takes an empty file as a new database). */
    static void createOwnerOnly(Path db) {
        if (Files.exists(db)) {
            restrictToOwner(db);
            return;
        }
        try {
            OwnerOnly.createFile(db);
        } catch (IOException e) {
            // SQLite's own error when it opens the file says more (e.g. a read-only directory): let it speak.
            log.debug("could not create {} owner-only first: {}", db, e.toString());
        }
    }

    /** Makes the database, its {@code -wal} and its {@code -shm} owner-only, where they exist. */
    static void restrictToOwner(Path db) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = db.resolveSibling(db.getFileName() + suffix);
            try {
                OwnerOnly.restrict(file);
            } catch (IOException e) {
                // e.g. a file of another user: still usable, so say so instead of refusing to start
                log.warn("could not make {} readable by its owner only: {}", file, e.toString());
            }
        }
    }
}
