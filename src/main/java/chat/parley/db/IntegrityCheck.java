package chat.parley.db;

import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PRAGMA quick_check} within a time budget. Damaged pages behind an intact header open fine and only fail later,
 * one store or history call at a time; the check finds them first. It reads every page (not the index-to-table
 * cross-checks of {@code integrity_check}), so a large database may not finish within the budget: that result says so.
 */
public final class IntegrityCheck {

    /** At most this many problems are listed: the first one or two say enough. */
    private static final int MAX_PROBLEMS = 5;
    /** SQLite calls the progress handler every this many virtual machine steps (well under a millisecond). */
    private static final int STEPS_PER_CALLBACK = 1000;

    /** What the check found. */
    public sealed interface Result {
    }

    /** Every page read back well. */
    public record Ok() implements Result {
    }

    /** The file is damaged; {@code problems} are SQLite's own words (e.g. "Tree 5 page 7 cell 0: invalid page"). */
    public record Damaged(List<String> problems) implements Result {
        public Damaged {
            problems = List.copyOf(problems);
        }

        /** The first problems, on one line. */
        public String summary() {
            return String.join("; ", problems.subList(0, Math.min(2, problems.size())));
        }
    }

    /** The budget ran out before the check finished (a large database): nothing was found so far. */
    public record Unfinished(Duration budget) implements Result {
    }

    private IntegrityCheck() {
    }

    /**
     * Checks the database on an open connection, stopping after {@code budget}.
     *
     * @throws SQLException when the check cannot run for a reason other than damage (e.g. the file is locked)
     */
    public static Result run(Connection connection, Duration budget) throws SQLException {
        long deadline = System.nanoTime() + budget.toNanos();
        ProgressHandler.setHandler(connection, STEPS_PER_CALLBACK, new ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() > deadline ? 1 : 0; // non-zero interrupts the statement
            }
        });
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("PRAGMA quick_check(" + MAX_PROBLEMS + ")")) {
            var problems = new ArrayList<String>();
            while (rs.next()) {
                // A row may hold several lines, under a heading such as "*** in database main ***": one per problem.
                rs.getString(1).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("***"))
                        .forEach(problems::add);
            }
            return problems.equals(List.of("ok")) ? new Ok() : new Damaged(problems);
        } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT) {
                return new Unfinished(budget);
            }
            if (isDamage(e)) {
                return new Damaged(List.of(e.getMessage()));
            }
            throw e;
        } finally {
            ProgressHandler.clearHandler(connection);
        }
    }

    /**
     * Checks a database file read-only, without creating it or changing anything (for {@code parley doctor}, also
     * beside a running server).
     *
     * @throws SQLException when the file cannot be opened for a reason other than damage
     */
    public static Result ofFile(Path file, Duration budget) throws SQLException {
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(5_000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                config.toProperties())) {
            return run(c, budget);
        } catch (SQLiteException e) {
            if (isDamage(e)) {
                return new Damaged(List.of(e.getMessage()));
            }
            throw e;
        }
    }

    /** Whether SQLite said the file is damaged or not a database at all (not: locked, missing, full). */
    public static boolean isDamage(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff; // extended codes keep the primary in the low byte
                return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
            }
        }
        return false;
    }
}
