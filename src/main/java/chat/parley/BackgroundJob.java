package chat.parley;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run again and again on its own daemon thread, each run one interval after the last one ended (so a slow run
 * never overlaps the next). A run that throws is logged and the next one comes as planned: housekeeping such as
 * retention must not stop for good because one run met a locked database.
 */
public final class BackgroundJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJob.class);

    private final ScheduledExecutorService scheduler;

    private BackgroundJob(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code task} every {@code interval}, first after one interval, on a thread named {@code name}. */
    public static BackgroundJob every(Duration interval, String name, Runnable task) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", name, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new BackgroundJob(scheduler);
    }

    /** Stops the job, waiting up to 10 s for a run in progress. */
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
