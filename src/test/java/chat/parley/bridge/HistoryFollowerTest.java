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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the bridge on a web node goes on from, on a real history and ledger (SQLite here; WebNodeBridgeTest runs it on
 * PostgreSQL beside a broker). What it forwards is numbered as the bridge does and collected instead of sent.
 */
class HistoryFollowerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELF = "site-a-x81kq2";

    @TempDir
    Path dir;
    Database database;
    SqliteMessageStore store;
    RepairLedger ledger;
    final Set<String> bridgedRooms = new java.util.concurrent.ConcurrentSkipListSet<>(List.of("general"));
    final AtomicBoolean on = new AtomicBoolean(true);
    /** The ids forwarded, in order. */
    final List<String> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        store = SqliteMessageStore.open(database, Retention.unlimited(), JSON, new SimpleMeterRegistry());
        ledger = RepairLedger.open(database, SELF);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A follower as a (re)started node makes it, turned on. */
    private HistoryFollower follower() {
        var follower = new HistoryFollower(store, ledger, bridgedRooms::contains, on::get, row -> {
            ledger.assignOwn(row.room(), row.seq());
            sent.add(row.id());
        }, problem -> {
            throw new AssertionError(problem);
        });
        follower.turnedOn();
        return follower;
    }

    private Envelope say(String room, String id) {
        return store.append(Envelope.of(id, room, new Stamp("alice", "alice-1", 1_000), new Body.Text(id), null))
                .join().envelope();
    }

    @Test
    void history_from_before_the_bridge_stays_and_what_comes_after_goes_out_once_in_order() {
        say("general", "old-1");
        say("general", "old-2");
        var follower = follower();
        say("general", "new-1");
        say("news", "later-room"); // not bridged
        follower.tick();
        say("general", "new-2");
        follower.tick();
        follower.tick();
        assertThat(sent).containsExactly("new-1", "new-2");
    }

    @Test
    void a_room_that_comes_after_the_start_is_followed_from_its_first_message() {
        var follower = follower();
        say("general", "first");
        follower.tick();
        assertThat(sent).containsExactly("first");
    }

    @Test
    void a_restart_goes_on_after_the_last_message_numbered_and_sends_what_was_said_meanwhile() throws Exception {
        var follower = follower();
        say("general", "a");
        follower.tick();
        say("general", "b"); // the node is down from here
        say("general", "c");
        ledger = RepairLedger.open(database, SELF);
        var again = follower();
        again.tick();
        assertThat(sent).containsExactly("a", "b", "c");
        assertThat(ledger.lastOwn("general")).isEqualTo(3);

        // a room bridged with history but nothing forwarded yet: it starts at its end, and that start is kept
        say("ops", "o-0");
        bridgedRooms.add("ops");
        ledger = RepairLedger.open(database, SELF);
        follower().tick();
        say("ops", "o-1"); // down again
        ledger = RepairLedger.open(database, SELF);
        follower().tick();
        assertThat(sent).containsExactly("a", "b", "c", "o-1");
    }

    @Test
    void bridged_rows_deleted_messages_and_rooms_not_bridged_are_passed_over() {
        var follower = follower();
        say("general", "kept");
        store.append(Envelope.of("from-b", "general", new Stamp("xena", "remote", 1_000), new Body.Text("b"), null)
                .bridgedFrom("site-b")).join();
        say("general", "gone");
        store.appendAsAdmin(Envelope.of("del-1", "general", new Stamp("parley", "parley", 1_000),
                new Body.Delete("gone"), null)).join();
        say("random", "not bridged");
        follower.tick();
        assertThat(sent).as("the delete goes out as the hook sends it; the tombstone has nothing to send")
                .containsExactly("kept", "del-1");

        bridgedRooms.add("random"); // bridged later: what was said before does not go out
        say("random", "now bridged");
        follower.tick();
        assertThat(sent).containsExactly("kept", "del-1", "now bridged");
    }

    @Test
    void while_the_bridge_is_off_rooms_wait_and_catch_up_when_it_is_on() {
        var follower = follower();
        say("general", "1");
        follower.tick();
        on.set(false);
        say("general", "2");
        follower.tick();
        assertThat(sent).containsExactly("1");
        on.set(true);
        follower.tick();
        assertThat(sent).containsExactly("1", "2");
    }

    @Test
    void more_than_a_page_goes_out_in_one_tick() {
        var follower = follower();
        for (int i = 1; i <= HistoryFollower.PAGE * 2 + 10; i++) {
            say("general", "m-" + i);
        }
        follower.tick();
        assertThat(sent).hasSize(HistoryFollower.PAGE * 2 + 10).startsWith("m-1").endsWith("m-1010");
    }
}
