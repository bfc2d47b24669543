package chat.parley.files;

import chat.parley.BackgroundJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Removes, in the background, the files that no message shows any more ({@link SharedFiles#sweep}): after retention,
 * a delete, a removed room, or an upload whose message never came.
 */
public final class FileSweeper {

    private static final Logger log = LoggerFactory.getLogger(FileSweeper.class);

    private FileSweeper() {
    }

    /** Sweeps every {@code interval}, first after one interval. */
    public static BackgroundJob start(SharedFiles files, Duration interval, Clock clock) {
        return BackgroundJob.every(interval, "parley-file-sweeper", () -> {
            long removed = files.sweep(clock.instant());
            if (removed > 0) {
                log.info("removed {} file(s) that no message shows any more", removed);
            }
        });
    }
}
