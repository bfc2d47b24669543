package chat.parley.db;

import chat.parley.config.Durability;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens connections to Parley's SQLite database ({@code {data-dir}/parley.db}) in WAL mode, migrated. */
public final class Database {

    /** How long the start-up integrity check may take: all of a small database, a sample of a very large one. */
    static final Duration CHECK_BUDGET = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final Durability durability;

    private Database(String url, Durability durability) {
        this.url = url;
        this.durability = durability;
    }

    /**
     * Opens the database file, creating it (readable by its owner only) and running pending migrations, after a
     * {@link IntegrityCheck} of at most {@link #CHECK_BUDGET}.
     *
     * @throws DamagedDatabaseException when the file is damaged: the caller should stop and say how to recover it
     * @throws SQLException             when the file cannot be opened or migrated
     */
    public static Database open(Path file, Durability durability) throws SQLException {
        DataFiles.createOwnerOnly(file);
        var database = new Database("jdbc:sqlite:" + file.toAbsolutePath(), durability);
        try (Connection c = database.connect(false)) {
            IntegrityCheck.Result check = IntegrityCheck.run(c, CHECK_BUDGET);
            if (check instanceof IntegrityCheck.Damaged damaged) {
                throw new DamagedDatabaseException(file, damaged.summary(), null);
            }
            if (check instanceof IntegrityCheck.Unfinished) {
                log.info("the start-up check of {} stopped after {} ms (a large database); `parley doctor` checks it "
                        + "fully", file, CHECK_BUDGET.toMillis());
            }
            Migrations.migrate(c);
        } catch (DamagedDatabaseException e) {
            throw e;
        } catch (SQLException e) {
            if (IntegrityCheck.isDamage(e)) { // damage the check did not reach, met by the connection or a migration
                throw new DamagedDatabaseException(file, e.getMessage(), e);
            }
            throw e;
        }
        DataFiles.restrictToOwner(file); // again now that SQLite made its -wal and -shm (older files too)
        return database;
    }

    /** A new connection; the caller closes it. */
    public Connection connect(boolean readOnly) throws SQLException {
        return DriverManager.getConnection(url, config(readOnly).toProperties());
    }

    /**
     * A new read-write connection that fails (SQLITE_CANTOPEN) when the file is gone instead of creating an empty
     * one: reconnecting after a failure must never swap the history for a blank database.
     */
    public Connection connectExisting() throws SQLException {
        var config = config(false);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        return DriverManager.getConnection(url, config.toProperties());
    }

    private SQLiteConfig config(boolean readOnly) {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // WAL + NORMAL: a commit is in the OS before it returns (survives a killed process); FULL also fsyncs.
        config.setSynchronous(durability == Durability.POWER ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setCacheSize(-32_768); // 32 MiB of page cache per connection (the default, 2 MiB, thrashes at 1M rows)
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L << 20));
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setReadOnly(readOnly);
        // Nothing reads generated keys; with this on, the driver runs "SELECT last_insert_rowid()" after every insert.
        config.setGetGeneratedKeys(false);
        return config;
    }
}
