package chat.parley.db;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * How the Parley processes sharing one PostgreSQL database hear of each other's changes to what they serve from
 * memory (private rooms, unlisted rooms, room names, encrypted rooms' meta): a write does {@code NOTIFY} on one channel
 * with {@code table:key}, which PostgreSQL delivers to every listener when (and only if) the transaction commits; a
 * thread of each process listens on a connection of its own and hands each key to the stores of that table, which
 * read its rows anew. When that connection is lost, notifications may have been missed: once connected again, every
 * store reloads everything.
 */
final class PostgresChanges implements AutoCloseable {

    /** The one channel every change goes through. */
    static final String CHANNEL = "parley_changes";

    /** How long one wait for notifications lasts, so the thread sees {@link #close} soon. */
    private static final int WAIT_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(PostgresChanges.class);

    /** Opens a new connection for listening (at start and after a loss). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Map<String, List<Consumer<String>>> reloads = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;

    /** Starts listening now (so no change committed after this returns is missed) on a thread of its own. */
    PostgresChanges(Opener opener) throws SQLException {
        this.opener = opener;
        this.connection = listen();
        this.thread = new Thread(this::loop, "parley-postgres-changes");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the notice of a change in the transaction of {@code c}: sent to every listener at its commit. */
    static void announce(Connection c, String table, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, table + ":" + key);
            st.execute();
        }
    }

    void subscribe(String table, Consumer<String> reload) {
        reloads.computeIfAbsent(table, t -> new CopyOnWriteArrayList<>()).add(reload);
    }

    private Connection listen() throws SQLException {
        Connection c = opener.open();
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void loop() {
        long backoff = 100;
        while (!closed) {
            try {
                if (connection == null) {
                    connection = listen();
                    log.info("listening for other nodes' changes again; reloading what is kept in memory");
                    reloads.values().forEach(list -> list.forEach(reload -> tell(reload, null)));
                    backoff = 100;
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        dispatch(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                log.warn("lost the connection that hears other nodes' changes ({}); reconnecting", e.getMessage());
                closeConnection();
                try {
                    Thread.sleep(backoff); // a database that is down is retried at most every 5 s, not in a spin
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void dispatch(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        List<Consumer<String>> list = reloads.get(payload.substring(0, colon));
        if (list != null) {
            String key = payload.substring(colon + 1);
            list.forEach(reload -> tell(reload, key));
        }
    }

    /** A store failing to reload must not stop the others hearing changes. */
    private static void tell(Consumer<String> reload, String key) {
        try {
            reload.accept(key);
        } catch (RuntimeException e) {
            log.error("reloading after a change of {}: {}", key == null ? "everything" : key, e.toString());
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a lost connection closes as far as it can
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            closeConnection();
        }
    }
}
