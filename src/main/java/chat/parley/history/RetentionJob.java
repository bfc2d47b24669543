package chat.parley.history;

import chat.parley.BackgroundJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Enforces the retention policy in the background, once a minute by default. */
public final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private RetentionJob() {
    }

    /** Runs {@link MessageStore#enforceRetention} every {@code interval}, first after one interval. */
    public static BackgroundJob start(MessageStore store, Duration interval, Clock clock) {
        return BackgroundJob.every(interval, "parley-retention", () -> {
            long deleted = store.enforceRetention(clock.instant());
            if (deleted > 0) {
                log.info("retention deleted {} message(s)", deleted);
            }
        });
    }
}
