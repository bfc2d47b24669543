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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parley's SQLite database ({@code {data-dir}/parley.db}) in WAL mode, migrated, and the only way to it: reads go
 * through a small pool of read-only connections ({@link #read}), writes through the one {@link Writer} thread
 * ({@link #write}), every store alike. See docs/design.md, "One reader pool, one writer".
 */
public final class Database implements SqlStore {

    /** Read-only connections kept for reads: enough for the web server, broker and bridge to read at once. */
    static final int READERS = 4;

    /** How long the start-up integrity check may take: all of a small database, a sample of a very large one. */
    static final Duration CHECK_BUDGET = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final Durability durability;
    private final AtomicLong opened = new AtomicLong();
    private final ReaderPool readers;
    private Writer writer;

    private Database(String url, Durability durability) {
        this.url = url;
        this.durability = durability;
        this.readers = new ReaderPool(() -> connect(true), READERS);
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
        database.writer = new Writer(database::openWriter);
        return database;
    }

    /** Runs {@code work} on a pooled read-only connection (one for the whole call, however many rows it reads). */
    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return readers.read(work);
    }

    /** Runs {@code work} in one transaction on the writer thread, after the writes queued before it; blocks. */
    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        return writer.write(work);
    }

    /** The one writer, for work that should not wait for its commit (history's group commit, retention). */
    public Writer writer() {
        return writer;
    }

    /** Runs one statement with these parameters on {@code c}; returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        return SqlStore.update(c, sql, args);
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    /** Nothing to tell: only this server writes {@code parley.db} (the CLI writes only tables no store caches). */
    @Override
    public void changed(Connection connection, String table, String key) {
    }

    /** Never calls {@code reload}: nobody else changes what the stores serve from memory. */
    @Override
    public void onChanged(String table, java.util.function.Consumer<String> reload) {
    }

    /** Always granted: only this server uses {@code parley.db}. */
    @Override
    public java.util.Optional<SiteLock> tryLock(long key, String holder) {
        return java.util.Optional.of(SiteLock.ALONE);
    }

    @Override
    public java.util.Optional<String> lockHolder(long key) {
        return java.util.Optional.empty();
    }

    /** Connections opened since start: a handful (readers, writer, checkpointer), and one more per failure. */
    public long connectionsOpened() {
        return opened.get();
    }

    /**
     * A new read-write connection for the WAL checkpointer, which copies pages and writes no rows (see
     * {@code history/Checkpointer}); the caller closes it. Like the writer's, it never creates the file.
     */
    public Connection connectForCheckpoints() throws SQLException {
        return connectExisting();
    }

    /** A new connection; the caller closes it. Only for the start-up check and the readers. */
    Connection connect(boolean readOnly) throws SQLException {
        opened.incrementAndGet();
        return DriverManager.getConnection(url, config(readOnly).toProperties());
    }

    /**
     * A new read-write connection that fails (SQLITE_CANTOPEN) when the file is gone instead of creating an empty
     * one: reconnecting after a failure must never swap the history for a blank database.
     */
    private Connection connectExisting() throws SQLException {
        opened.incrementAndGet();
        var config = config(false);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        return DriverManager.getConnection(url, config.toProperties());
    }

    /** A connection for the writer: at start, and a new one after a failed write (see {@link Writer}). */
    private Connection openWriter() throws SQLException {
        Connection connection = connectExisting();
        try (var st = connection.createStatement()) {
            // Checkpoints (copying the WAL back into the database, with an fsync) would otherwise run inside
            // a commit now and then and stall every publish waiting on it: the checkpointer runs them aside.
            st.execute("PRAGMA wal_autocheckpoint = 0");
            st.execute("PRAGMA journal_size_limit = " + (64L << 20)); // the WAL shrinks back after a restart
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** The result of a queued write, with the SQL error it failed with as such. */
    static <T> T join(CompletableFuture<T> future) throws SQLException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Writes what is queued, stops the writer and closes the readers. Call it after every store is closed. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        readers.close();
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
