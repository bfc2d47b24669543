package chat.parley.bridge;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Durability;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import chat.parley.history.SqliteMessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The counter and gap bookkeeping of gap repair, on a temp-dir database. */
class RepairLedgerTest {

    private static final String SELF = "site-b-4k2m9q";
    private static final String A = "site-a-x81kq2";

    @TempDir
    Path dir;
    Database database;
    RepairLedger ledger;

    @BeforeEach
    void open() throws SQLException {
        database = Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        ledger = RepairLedger.open(database, SELF);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private RepairLedger reopen() throws SQLException {
        ledger = RepairLedger.open(database, SELF);
        return ledger;
    }

    @Test
    void own_counters_count_per_room_from_one_and_go_on_after_a_restart() throws SQLException {
        assertThat(ledger.lastOwn("general")).isZero();
        assertThat(ledger.assignOwn("general", 10)).isEqualTo(1);
        assertThat(ledger.assignOwn("general", 11)).isEqualTo(2);
        assertThat(ledger.assignOwn("ops", 3)).isEqualTo(1);
        assertThat(reopen().assignOwn("general", 14)).isEqualTo(3);
        assertThat(ledger.rows(SELF, "general", 0, 10, 10)).containsExactly(new RepairLedger.Row(1, 10L),
                new RepairLedger.Row(2, 11L), new RepairLedger.Row(3, 14L));
        assertThat(ledger.all()).as("own counters are not another origin's progress").isEmpty();
    }

    @Test
    void where_following_the_history_goes_on_from_is_the_last_own_row_or_the_start_mark() throws SQLException {
        assertThat(ledger.lastOwnSeq("general")).isNull();
        ledger.startOwn("general", 7);
        ledger.startOwn("general", 9);
        assertThat(reopen().lastOwnSeq("general")).as("the first mark stays").isEqualTo(7L);
        assertThat(ledger.lastOwn("general")).isZero();
        assertThat(ledger.assignOwn("general", 8)).as("the mark is no counter").isEqualTo(1);
        assertThat(ledger.assignOwn("general", 12)).isEqualTo(2);
        ledger.startOwn("general", 20);
        assertThat(reopen().lastOwnSeq("general")).isEqualTo(12L);
        assertThat(ledger.rows(SELF, "general", 0, 10, 10)).as("never asked for or sent")
                .containsExactly(new RepairLedger.Row(1, 8L), new RepairLedger.Row(2, 12L));
    }

    @Test
    void an_origin_first_heard_of_starts_there_and_messages_in_order_leave_no_gap() throws SQLException {
        assertThat(ledger.seen(A, "general", 41, 1L)).isEqualTo(new RepairLedger.Progress(A, "general", 41, 41));
        assertThat(ledger.seen(A, "general", 42, 2L).gap()).isFalse();
        assertThat(ledger.seen(A, "general", 42, 2L)).as("a repeat changes nothing")
                .isEqualTo(new RepairLedger.Progress(A, "general", 42, 42));
        assertThat(ledger.progress(A, "ops")).isNull();
    }

    @Test
    void a_jump_opens_a_gap_that_closes_when_the_missing_counters_arrive_in_any_order() throws SQLException {
        ledger.seen(A, "general", 1, 1L);
        RepairLedger.Progress p = ledger.seen(A, "general", 5, 2L);
        assertThat(p).isEqualTo(new RepairLedger.Progress(A, "general", 1, 5));
        assertThat(p.gap()).isTrue();
        assertThat(ledger.firstHeldAbove(A, "general", 1)).isEqualTo(5);
        assertThat(ledger.heldAbove(A, "general", 1, 5)).isEqualTo(1);

        assertThat(ledger.seen(A, "general", 3, 3L)).isEqualTo(new RepairLedger.Progress(A, "general", 1, 5));
        assertThat(ledger.seen(A, "general", 2, 4L)).as("held moves over 3, stops before the missing 4")
                .isEqualTo(new RepairLedger.Progress(A, "general", 3, 5));
        assertThat(ledger.seen(A, "general", 4, null)).as("refused here still counts as held: asking again is useless")
                .isEqualTo(new RepairLedger.Progress(A, "general", 5, 5));
    }

    @Test
    void progress_survives_a_restart() throws SQLException {
        ledger.seen(A, "general", 1, 1L);
        ledger.seen(A, "general", 3, 2L);
        assertThat(reopen().progress(A, "general")).isEqualTo(new RepairLedger.Progress(A, "general", 1, 3));
        assertThat(ledger.seen(A, "general", 2, 3L)).isEqualTo(new RepairLedger.Progress(A, "general", 3, 3));
    }

    @Test
    void a_head_beyond_what_is_held_opens_a_gap_but_a_first_head_only_says_where_the_origin_starts()
            throws SQLException {
        assertThat(ledger.announced(A, "general", 30).gap()).isFalse();
        assertThat(ledger.announced(A, "general", 29)).isEqualTo(new RepairLedger.Progress(A, "general", 30, 30));
        assertThat(ledger.announced(A, "general", 33)).isEqualTo(new RepairLedger.Progress(A, "general", 30, 33));
    }

    @Test
    void spans_an_answer_covered_without_a_message_close_the_gap_only_where_they_join_what_is_held()
            throws SQLException {
        ledger.seen(A, "general", 10, 1L);
        ledger.seen(A, "general", 20, 2L);
        // 11..14 gone at the origin, 15 missing here (its copy was lost on the way), 16..19 deleted there
        List<RepairLedger.Span> covered = ledger.cover(A, "general", List.of(
                new RepairLedger.Span(16, 19, null), new RepairLedger.Span(11, 14, 1_000L)));
        assertThat(covered).containsExactly(new RepairLedger.Span(11, 14, 1_000L));
        assertThat(ledger.progress(A, "general")).isEqualTo(new RepairLedger.Progress(A, "general", 14, 20));

        ledger.seen(A, "general", 15, 3L);
        assertThat(ledger.cover(A, "general", List.of(new RepairLedger.Span(16, 19, null))))
                .containsExactly(new RepairLedger.Span(16, 19, null));
        assertThat(ledger.progress(A, "general")).isEqualTo(new RepairLedger.Progress(A, "general", 20, 20));
        assertThat(ledger.cover(A, "general", List.of(new RepairLedger.Span(16, 19, null))))
                .as("covering again covers nothing new (no second notice)").isEmpty();
        assertThat(ledger.cover("site-x-000000", "general", List.of(new RepairLedger.Span(1, 9, 5L))))
                .as("an origin never heard of").isEmpty();
    }

    @Test
    void the_origin_saying_its_latest_closes_a_gap_a_forged_counter_opened() throws SQLException {
        ledger.seen(A, "general", 7, 1L);
        ledger.seen(A, "general", 9_000_000, 2L); // someone on the public broker posing as A
        assertThat(ledger.progress(A, "general").gap()).isTrue();
        assertThat(ledger.disowned(A, "general", 7)).isEqualTo(new RepairLedger.Progress(A, "general", 7, 7));
    }

    private static long oldestKept(SqliteMessageStore store, String room) {
        var first = store.after(room, 0, 1).messages();
        return first.isEmpty() ? Long.MAX_VALUE : first.get(0).seq();
    }

    @Test
    void pruning_drops_rows_whose_messages_history_no_longer_has_but_keeps_the_last_own_counter() throws Exception {
        var store = SqliteMessageStore.open(database, Retention.unlimited(), new ObjectMapper(),
                new SimpleMeterRegistry());
        try {
            for (int i = 1; i <= 3; i++) {
                long seq = store.append(Envelope.of("m-" + i, "general", new Stamp("bob", "c", i),
                        new Body.Text("hi " + i), null)).join().envelope().seq();
                ledger.assignOwn("general", seq);
            }
            ledger.seen(A, "general", 1, 1L);
            ledger.seen(A, "general", 2, null);
            ledger.seen(A, "general", 4, 2L);
            assertThat(ledger.prune(room -> oldestKept(store, room))).as("everything is still in history; a refused row below held goes")
                    .isEqualTo(1);

            store.deleteRoom("general");
            assertThat(ledger.prune(room -> oldestKept(store, room))).as("own 1 and 2, A's 1; not own 3 (the last), not A's 4 (above held)")
                    .isEqualTo(3);
            assertThat(ledger.rows(SELF, "general", 0, 10, 10)).containsExactly(new RepairLedger.Row(3, 3L));
            assertThat(ledger.rows(A, "general", 0, 10, 10)).containsExactly(new RepairLedger.Row(4, 2L));
            assertThat(reopen().assignOwn("general", 9)).isEqualTo(4);
        } finally {
            store.close();
        }
    }
}
