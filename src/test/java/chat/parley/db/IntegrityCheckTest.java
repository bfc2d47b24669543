package chat.parley.db;

import chat.parley.config.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded {@code quick_check}: ok, damaged (with SQLite's words) or unfinished within its budget. */
class IntegrityCheckTest {

    @TempDir
    Path dir;

    private Path databaseWithRows() throws Exception {
        Path file = dir.resolve("parley.db");
        Database database = Database.open(file, Durability.PROCESS);
        try (Connection c = database.connect(false); var st = c.createStatement()) {
            st.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                    + "INSERT INTO filler SELECT i, printf('%.500c', 'x') FROM n");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // every page in the main file, where the test damages it
        }
        return file;
    }

    @Test
    void a_sound_database_is_ok() throws Exception {
        assertThat(IntegrityCheck.ofFile(databaseWithRows(), Duration.ofMinutes(1)))
                .isInstanceOf(IntegrityCheck.Ok.class);
    }

    @Test
    void a_check_that_runs_out_of_time_says_so_instead_of_blocking_the_start() throws Exception {
        assertThat(IntegrityCheck.ofFile(databaseWithRows(), Duration.ZERO))
                .isEqualTo(new IntegrityCheck.Unfinished(Duration.ZERO));
    }

    @Test
    void damaged_pages_are_found_and_the_database_is_not_opened() throws Exception {
        Path file = databaseWithRows();
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x5A);
            raf.seek(raf.length() / 2 / 4096 * 4096);
            raf.write(junk);
        }
        var result = IntegrityCheck.ofFile(file, Duration.ofMinutes(1));
        assertThat(result).isInstanceOf(IntegrityCheck.Damaged.class);
        assertThat(((IntegrityCheck.Damaged) result).summary()).doesNotContain("\n").isNotBlank();
        assertThatThrownBy(() -> Database.open(file, Durability.PROCESS))
                .isInstanceOf(DamagedDatabaseException.class)
                .hasMessageStartingWith("the database " + file.toAbsolutePath() + " is damaged (");
    }

    @Test
    void a_missing_file_is_not_created_by_the_check() {
        Path missing = dir.resolve("nothing.db");
        assertThatThrownBy(() -> IntegrityCheck.ofFile(missing, Duration.ofSeconds(5)))
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(missing).doesNotExist();
    }
}
