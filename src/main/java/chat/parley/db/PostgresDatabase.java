package chat.parley.db;

import chat.parley.config.StoreSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Parley's PostgreSQL database ({@code store: postgresql}): one pool of connections (HikariCP), migrated to
 * {@link PostgresSchema} when opened, for the history and every other store ({@link SqlStore}: a write is a
 * transaction on a pooled connection). Several Parley processes may open the same database at once: the migrations
 * run under an advisory lock, once, and each process hears the others' changes ({@link PostgresChanges}).
 */
public final class PostgresDatabase implements SqlStore {

    /** Any fixed number: the key of the advisory lock migrations take, so two starting nodes migrate one by one. */
    private static final long MIGRATION_LOCK = 0x7061726c6579L; // "parley"

    private final HikariDataSource pool;
    private final StoreSettings settings;
    /** Started by the first store that serves a table from memory; none for the history alone. */
    private PostgresChanges changes;
    private boolean closed;

    private PostgresDatabase(HikariDataSource pool, StoreSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /**
     * Connects (failing at once when the server cannot be reached or refuses the login) and runs the migrations
     * this database has not run yet.
     *
     * @throws SQLException when the server cannot be reached, refuses the login, or a migration fails
     */
    public static PostgresDatabase open(StoreSettings settings) throws SQLException {
        var config = new HikariConfig();
        config.setPoolName("parley-postgres");
        config.setJdbcUrl(settings.postgresUrl());
        config.setUsername(settings.postgresUser());
        if (!settings.postgresPassword().isEmpty()) {
            config.setPassword(settings.postgresPassword());
        }
        config.setMaximumPoolSize(settings.postgresPoolSize());
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "parley");
        // Plans made for the values at hand: a search for a rare word and one for a word in every other message need
        // different plans, and a cached generic plan (the driver prepares statements it sees often) fits neither.
        config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SQLException("cannot connect to " + settings.postgresLocation() + " as " + settings.postgresUser()
                    + ": " + cause.getMessage(), cause);
        }
        var database = new PostgresDatabase(pool, settings);
        try (Connection c = pool.getConnection()) {
            migrate(c);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    /** @return the schema version after migrating */
    static int migrate(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS parley_schema (id INTEGER PRIMARY KEY CHECK (id = 1), "
                    + "version INTEGER NOT NULL)");
            st.execute("INSERT INTO parley_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            int version;
            try (ResultSet rs = st.executeQuery("SELECT version FROM parley_schema")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version > PostgresSchema.MIGRATIONS.length) {
                throw new SQLException("the database has schema version " + version + ", newer than this Parley ("
                        + PostgresSchema.MIGRATIONS.length + "); use a newer Parley");
            }
            for (int i = version; i < PostgresSchema.MIGRATIONS.length; i++) {
                for (String sql : PostgresSchema.MIGRATIONS[i]) {
                    st.execute(sql);
                }
            }
            st.execute("UPDATE parley_schema SET version = " + PostgresSchema.MIGRATIONS.length);
            connection.commit(); // DDL is transactional here: all of the migrations, or none
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return PostgresSchema.MIGRATIONS.length;
    }

    /** The connection that hears other processes' changes: its own, as it stays open for good (not the pool's). */
    private static Connection listener(StoreSettings settings) throws SQLException {
        return connect(settings, "parley-changes");
    }

    /** A connection outside the pool, named {@code applicationName} in {@code pg_stat_activity}. */
    private static Connection connect(StoreSettings settings, String applicationName) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", settings.postgresUser());
        if (!settings.postgresPassword().isEmpty()) {
            properties.setProperty("password", settings.postgresPassword());
        }
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(settings.postgresUrl(), properties);
    }

    /** A connection from the pool; closing it gives it back. */
    public Connection connect() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs {@code work} in a transaction of its own on a pooled connection (read committed: the stores' inserts that
     * may race another node's say {@code ON CONFLICT DO NOTHING} and read how many rows they changed).
     */
    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // a lost connection: the pool drops it
                }
                throw e;
            } // the pool sets auto-commit back when the connection returns
        }
    }

    @Override
    public void changed(Connection connection, String table, String key) throws SQLException {
        PostgresChanges.announce(connection, table, key);
    }

    /** Starts listening first (on the first call), so a change committed after this returns is heard. */
    @Override
    public synchronized void onChanged(String table, Consumer<String> reload) throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        if (changes == null) {
            changes = new PostgresChanges(() -> listener(settings));
        }
        changes.subscribe(table, reload);
    }

    /**
     * A session advisory lock on a connection of its own (not the pool's: it stays open while the lock is held, and
     * PostgreSQL lets go of the lock when that connection ends, so a process that dies does not keep it).
     */
    @Override
    public Optional<SiteLock> tryLock(long key, String holder) throws SQLException {
        Connection connection = connect(settings, holder);
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return Optional.of(new AdvisoryLock(connection));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    @Override
    public Optional<String> lockHolder(long key) throws SQLException {
        // a bigint advisory key is kept as its high and low 32 bits (classid, objid), with objsubid 1
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT a.application_name, host(a.client_addr) FROM pg_locks l
                    JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND l.classid::bigint = ? AND l.objid::bigint = ?""")) {
                st.setLong(1, key >>> 32);
                st.setLong(2, key & 0xffffffffL);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<String>empty();
                    }
                    String from = rs.getString(2);
                    return Optional.of(rs.getString(1) + (from == null ? " (a local socket)" : " from " + from));
                }
            }
        });
    }

    /** A held advisory lock and the connection it lives on. */
    private static final class AdvisoryLock implements SiteLock {
        private final Connection connection;

        AdvisoryLock(Connection connection) {
            this.connection = connection;
        }

        @Override
        public boolean held() {
            try {
                return connection.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                connection.close(); // ends the session, and the lock with it
            } catch (SQLException e) {
                // the session is gone either way
            }
        }
    }

    /** Stops hearing changes and closes every connection of the pool; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (changes != null) {
            changes.close();
        }
        pool.close();
    }
}
