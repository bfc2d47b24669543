package chat.parley;

import chat.parley.accounts.Accounts;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.BrokerPersistence;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.db.DamagedDatabaseException;
import chat.parley.db.Database;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.SqlStore;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.files.FileSweeper;
import chat.parley.files.SharedFiles;
import chat.parley.history.MessageStore;
import chat.parley.history.PostgresMessageStore;
import chat.parley.history.RetentionJob;
import chat.parley.history.SqliteMessageStore;
import chat.parley.push.WebPushNotifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The stores the chat rules work on (history, accounts and private rooms, encrypted rooms' meta, shared files) and the
 * chat extension wired over them: one place, used by the Parley server around its embedded broker and by the
 * standalone HiveMQ extension ({@code parley-extension.zip}), so both enforce the same rules on the same data. With
 * {@code store: postgresql} all of them are in PostgreSQL ({@link #shared}), so every node and broker sharing it
 * sees the same accounts, sessions and rooms; {@code parley.db} then holds only what stays per node (the bridge's
 * outbox and log, the webhook delivery queue; docs/scale.md).
 */
public final class ChatStores implements AutoCloseable {

    /** How often retention and the file sweep run. */
    static final Duration RETENTION_INTERVAL = Duration.ofMinutes(1);

    private final ParleyConfig config;
    private final Database database;
    private final SqlStore shared;
    private final MessageStore store;
    private final Accounts accounts;
    private final RoomMetaStore roomMetas;
    private final SharedFiles files;
    private final Deque<AutoCloseable> running;

    private ChatStores(ParleyConfig config, Database database, SqlStore shared, MessageStore store, Accounts accounts,
                       RoomMetaStore roomMetas, SharedFiles files, Deque<AutoCloseable> running) {
        this.config = config;
        this.database = database;
        this.shared = shared;
        this.store = store;
        this.accounts = accounts;
        this.roomMetas = roomMetas;
        this.files = files;
        this.running = running;
    }

    /**
     * Opens {@code {data-dir}/parley.db} (migrating it), the history with its retention job, the accounts, the room
     * metas and the shared files with their sweeper.
     *
     * @throws StartupException with a one-line explanation; nothing is left open
     */
    public static ChatStores open(ParleyConfig config, ObjectMapper json, MeterRegistry metrics) {
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            Database database = openDatabase(config);
            running.push(database); // closed last: its writer writes what every store queued
            FunctionCounter.builder("parley.db.connections.opened", database, Database::connectionsOpened)
                    .description("Connections opened to parley.db since start (the pool's, the writer's, and one "
                            + "more after each failure)")
                    .register(metrics);
            PostgresDatabase postgres = config.store().kind() == StoreSettings.Kind.SQLITE ? null
                    : openPostgres(config);
            if (postgres != null) {
                running.push(postgres); // closed after the history (which closes it too) and before parley.db
            }
            SqlStore shared = postgres != null ? postgres : database;
            MessageStore store = openStore(database, postgres, config, json, metrics);
            running.push(store);
            running.push(RetentionJob.start(store, RETENTION_INTERVAL, Clock.systemUTC()));
            Accounts accounts = openAccounts(config, shared, metrics);
            RoomMetaStore roomMetas = openRoomMetas(shared, json);
            SharedFiles files = openFiles(shared, config, metrics);
            files.encryptedRooms(roomMetas::isEncrypted);
            running.push(FileSweeper.start(files, RETENTION_INTERVAL, Clock.systemUTC()));
            return new ChatStores(config, database, shared, store, accounts, roomMetas, files, running);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    /**
     * The chat extension over these stores: who connects as whom, the rules every chat publish must pass, stored
     * before it is acknowledged.
     *
     * @param sessionOwnersFile where to keep who owns each stored MQTT session when the broker keeps sessions on disk,
     *                          or null to check every connection's deliveries (see {@link ParleyExtension})
     */
    public ParleyExtension extension(MessageRules rules, RefusalCounter refusals, ObjectMapper json,
                                     MeterRegistry metrics, Path sessionOwnersFile) {
        var extension = new ParleyExtension(new Topics(config.prefix()), rules, store, accounts, config.rateLimit(),
                refusals, json, metrics, config.clientLimits(), config.typingMaxPeople(), sessionOwnersFile);
        extension.requireCiphertextIn(roomMetas::isEncrypted);
        extension.useFiles(files);
        return extension;
    }

    /**
     * Web Push over these stores: the key pair and the subscriptions in the shared database. Who to notify depends on
     * who is connected, which only a broker sees: with {@code sends} (Parley's embedded broker, or HiveMQ's extension)
     * it pushes for every message {@code extension}'s broker carries, those its web nodes stored included; a web node
     * only serves the key and takes subscriptions.
     */
    public WebPushNotifier webPush(ParleyExtension extension, boolean sends, ObjectMapper json, MeterRegistry metrics)
            throws IOException, SQLException {
        var push = WebPushNotifier.start(config.push(), config.dataDir(), shared,
                extension.clientControl()::isConnected,
                (room, user) -> accounts.rooms().mayRead(room, java.util.Optional.of(user)),
                roomMetas::isEncrypted, json, metrics);
        if (sends) {
            extension.intake().onAccepted(push::accepted);
            extension.onNodeMessage(push::accepted);
        }
        return push;
    }

    /** Where the Parley server's embedded broker keeps who owns each session, or null with sessions in memory. */
    static Path embeddedSessionOwners(ParleyConfig config) {
        return config.brokerPersistence() == BrokerPersistence.FILE
                ? config.dataDir().toAbsolutePath().resolve("broker").resolve("session-owners.json") : null;
    }

    /** {@code parley.db}: the history with {@code store: sqlite}, and what stays per node (bridge, webhook queue). */
    public Database database() {
        return database;
    }

    /**
     * The database of what every node must see alike: accounts, sessions, rooms, room metas, files, push
     * subscriptions. {@code parley.db} with {@code store: sqlite}, else PostgreSQL.
     */
    public SqlStore shared() {
        return shared;
    }

    /** The message history. */
    public MessageStore store() {
        return store;
    }

    /** Accounts, sessions, claimed names, private rooms and room names. */
    public Accounts accounts() {
        return accounts;
    }

    /** The meta of end-to-end encrypted rooms. */
    public RoomMetaStore roomMetas() {
        return roomMetas;
    }

    /** The files people shared. */
    public SharedFiles files() {
        return files;
    }

    /** Stops the sweeper and retention, closes the history, then the database: the reverse of {@link #open}. */
    @Override
    public void close() {
        closeAll(running);
    }

    static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ChatStores.class).warn("while stopping: {}", e.toString());
            }
        }
    }

    private static Database openDatabase(ParleyConfig config) {
        var file = config.dataDir().resolve("parley.db");
        try {
            return Database.open(file, config.durability());
        } catch (DamagedDatabaseException e) {
            throw new StartupException(e.getMessage() + "; Parley will not start on it: stop here and run "
                    + "`parley doctor` for the recovery steps (sqlite3 .recover, or restore a copy)", e);
        } catch (SQLException e) {
            throw new StartupException("cannot open the database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database of accounts, sessions and bots for the command-line tools ({@code parley user}, {@code parley bot})
     * run beside a server: {@code parley.db}, or with {@code store: postgresql} the PostgreSQL every node shares, so
     * a change there counts on every node at once.
     */
    static SqlStore openAccountsDatabase(ParleyConfig config) throws SQLException {
        if (config.store().kind() == StoreSettings.Kind.POSTGRESQL) {
            return PostgresDatabase.open(config.store());
        }
        return Database.open(config.dataDir().resolve("parley.db"), config.durability());
    }

    private static PostgresDatabase openPostgres(ParleyConfig config) {
        try {
            return PostgresDatabase.open(config.store());
        } catch (SQLException e) {
            throw new StartupException("cannot open the message history: " + e.getMessage(), e);
        }
    }

    private static MessageStore openStore(Database database, PostgresDatabase postgres, ParleyConfig config,
                                          ObjectMapper json, MeterRegistry metrics) {
        try {
            if (postgres != null) {
                return PostgresMessageStore.open(postgres, config.retention(), json, metrics);
            }
            return SqliteMessageStore.open(database, config.retention(), json, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot open the message history: " + e.getMessage(), e);
        }
    }

    private static RoomMetaStore openRoomMetas(SqlStore database, ObjectMapper json) {
        try {
            return RoomMetaStore.open(database, json);
        } catch (SQLException e) {
            throw new StartupException("cannot read the meta of encrypted rooms: " + e.getMessage(), e);
        }
    }

    private static SharedFiles openFiles(SqlStore database, ParleyConfig config, MeterRegistry metrics) {
        try {
            return SharedFiles.open(database, config.dataDir(), config.files(), metrics);
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot open the shared files in " + config.dataDir().resolve("files") + ": "
                    + e.getMessage(), e);
        }
    }

    private static Accounts openAccounts(ParleyConfig config, SqlStore database, MeterRegistry metrics) {
        try {
            return Accounts.open(config, database, metrics);
        } catch (SQLException e) {
            throw new StartupException("cannot read claimed names, accounts or private rooms: " + e.getMessage(), e);
        }
    }
}
