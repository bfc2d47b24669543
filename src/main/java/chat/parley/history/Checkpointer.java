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
 */
final class Checkpointer implements AutoCloseable {

    static final long INTERVAL_MILLIS = 1000;
    /** 16,384 frames of 4 KiB: a WAL of about 64 MiB. */
    static final int RESTART_FRAMES = 16_384;
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final ScheduledExecutorService scheduler;

    private Checkpointer(Connection connection, ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.scheduler = scheduler;
    }

    static Checkpointer start(Database database) throws SQLException {
        Connection connection = database.connect(false);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-store-checkpoint");
            t.setDaemon(true);
            return t;
        });
        var checkpointer = new Checkpointer(connection, scheduler);
        scheduler.scheduleWithFixedDelay(() -> {
            if (checkpointer.checkpoint("PASSIVE") > RESTART_FRAMES) {
                checkpointer.checkpoint("RESTART");
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    /** @return the WAL's size in frames, as the checkpoint reported it (0 when it failed) */
    private int checkpoint(String mode) {
        try (var st = connection.createStatement();
             var rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() ? rs.getInt(2) : 0;
        } catch (SQLException e) {
            log.warn("WAL checkpoint failed: {}", e.toString());
            return 0;
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
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the checkpoint connection: {}", e.toString());
        }
    }
}
