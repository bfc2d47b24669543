package chat.parley.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Enforces the retention policy in the background, once a minute by default. */
public final class RetentionJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ScheduledExecutorService scheduler;

    private RetentionJob(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@link MessageStore#enforceRetention} every {@code interval}, first after one interval. */
    public static RetentionJob start(MessageStore store, Duration interval, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long deleted = store.enforceRetention(clock.instant());
                if (deleted > 0) {
                    log.info("retention deleted {} message(s)", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("retention run failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new RetentionJob(scheduler);
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
