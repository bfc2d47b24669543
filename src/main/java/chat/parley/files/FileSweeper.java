package chat.parley.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes, in the background, the files that no message shows any more ({@link SharedFiles#sweep}): after retention,
 * a delete, a removed room, or an upload whose message never came.
 */
public final class FileSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileSweeper.class);

    private final ScheduledExecutorService scheduler;

    private FileSweeper(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Sweeps every {@code interval}, first after one interval. */
    public static FileSweeper start(SharedFiles files, Duration interval, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-file-sweeper");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long removed = files.sweep(clock.instant());
                if (removed > 0) {
                    log.info("removed {} file(s) that no message shows any more", removed);
                }
            } catch (RuntimeException e) {
                log.warn("file sweep failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new FileSweeper(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
