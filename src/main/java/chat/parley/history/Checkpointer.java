package chat.parley.history;

import chat.parley.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves the WAL back into the database file every {@link #INTERVAL_MILLIS} ms on its own connection: a PASSIVE
 * checkpoint, which never blocks the writer; when the WAL has grown past {@link #RESTART_FRAMES} frames (under
 * sustained writes a passive checkpoint never quite catches up), a RESTART checkpoint, which pauses writers briefly
 * so the WAL starts over. Once more, fully, at close. The writer's own auto-checkpoint is off.
 * <p>
 * A failed checkpoint (disk full, I/O error) gives up its connection and the next one opens a new one, like the
 * writer: a connection that lost its file never works again, a new one does once the fault is gone.
 */
final class Checkpointer implements AutoCloseable {

    static final long INTERVAL_MILLIS = 1000;
    /** 16,384 frames of 4 KiB: a WAL of about 64 MiB. */
    static final int RESTART_FRAMES = 16_384;
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Database database;
    private final ScheduledExecutorService scheduler;
    /** Null after a failure until the next checkpoint opens a new one; used by the scheduler thread, then close. */
    private Connection connection;
    private boolean failing;

    private Checkpointer(Database database, Connection connection, ScheduledExecutorService scheduler) {
        this.database = database;
        this.connection = connection;
        this.scheduler = scheduler;
    }

    static Checkpointer start(Database database) throws SQLException {
        Connection connection = database.connectForCheckpoints();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-store-checkpoint");
            t.setDaemon(true);
            return t;
        });
        var checkpointer = new Checkpointer(database, connection, scheduler);
        scheduler.scheduleWithFixedDelay(() -> {
            if (checkpointer.checkpoint("PASSIVE") > RESTART_FRAMES) {
                checkpointer.checkpoint("RESTART");
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    /** @return the WAL's size in frames, as the checkpoint reported it (0 when it failed) */
    private synchronized int checkpoint(String mode) {
        try {
            if (connection == null) {
                connection = database.connectForCheckpoints();
            }
            try (var st = connection.createStatement();
                 var rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                int frames = rs.next() ? rs.getInt(2) : 0;
                if (failing) {
                    failing = false;
                    log.info("WAL checkpoints work again");
                }
                return frames;
            }
        } catch (SQLException e) {
            if (!failing) { // once per failure, not every second while the disk stays full
                failing = true;
                log.warn("WAL checkpoint failed (retried every {} ms): {}", INTERVAL_MILLIS, e.toString());
            }
            closeConnection();
            return 0;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("closing the checkpoint connection: {}", e.toString());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
        synchronized (this) {
            closeConnection();
        }
    }
}
