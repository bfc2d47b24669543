package chat.parley.history;

import chat.parley.db.Writer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the store's writes work right now: failing from the first failed write until the next one that succeeds.
 * {@code /api/health} reports it; {@code parley_store_failures_total{reason}} counts every failed write. Written by the
 * writer thread, read by any.
 */
final class StoreHealth implements Writer.Outcomes {

    /** Why a write failed, as the metric's {@code reason} label, with the words {@code /api/health} uses. */
    enum Reason {
        FULL("the disk is full"),
        IO("the disk reported an I/O error"),
        CORRUPT("the database file is damaged; see `parley doctor`"),
        READONLY("the database file cannot be written (read-only file or file system)"),
        BUSY("the database is locked by another process"),
        CANTOPEN("the database file cannot be opened"),
        OTHER("a write failed");

        final String words;

        Reason(String words) {
            this.words = words;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Reason of(Throwable error) {
            for (Throwable e = error; e != null; e = e.getCause()) {
                if (e instanceof SQLiteException sqlite) {
                    // Extended codes (SQLITE_IOERR_WRITE …) carry the primary code in their low byte.
                    return switch (sqlite.getResultCode().code & 0xff) {
                        case 13 -> FULL;      // SQLITE_FULL
                        case 10 -> IO;        // SQLITE_IOERR
                        case 11, 26 -> CORRUPT; // SQLITE_CORRUPT, SQLITE_NOTADB
                        case 8 -> READONLY;   // SQLITE_READONLY
                        case 5, 6 -> BUSY;    // SQLITE_BUSY, SQLITE_LOCKED
                        case 14 -> CANTOPEN;  // SQLITE_CANTOPEN
                        default -> OTHER;
                    };
                }
            }
            return OTHER;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

    private final Map<Reason, Counter> failures = new LinkedHashMap<>();
    private volatile String problem;
    private Instant failingSince;

    StoreHealth(MeterRegistry metrics) {
        // Every reason exists from the start at 0, so an alert can compare with the last scrape from the first one.
        for (Reason reason : Reason.values()) {
            failures.put(reason, Counter.builder("parley.store.failures")
                    .description("Writes to the history database that failed (their messages were refused)")
                    .tag("reason", reason.label())
                    .register(metrics));
        }
    }

    /** Notes a failed write: counted, and the store is failing until a write succeeds. */
    @Override
    public void failed(Throwable error) {
        Reason reason = Reason.of(error);
        failures.get(reason).increment();
        if (problem == null) {
            failingSince = Instant.now();
            log.error("the history store is failing: {} ({}); messages are refused until it works again",
                    reason.words, error.getMessage());
        }
        // Only the kind of fault: /api/health is public, SQLite's own message (in the log) may name files and SQL.
        problem = "stores fail since " + failingSince + ": " + reason.words;
    }

    /** Notes a write that worked: the store is healthy again. */
    @Override
    public void succeeded() {
        if (problem != null) {
            problem = null;
            log.info("the history store works again");
        }
    }

    /** Why stores are failing, or empty while they work. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
