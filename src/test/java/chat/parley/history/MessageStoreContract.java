package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Retention;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link MessageStore} does, whatever holds it: seq, idempotency, paging, search, export, retention. Each
 * store's test extends this with how to open it on an empty database of its own
 * ({@link SqliteMessageStoreTest}, {@link PostgresMessageStoreTest}).
 */
abstract class MessageStoreContract {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = Duration.ofDays(1).toMillis();

    MessageStore store;

    /** Opens the store on this test's database: an empty one at first, the same one again after a close. */
    abstract MessageStore openStore(Retention retention) throws Exception;

    /** How many messages the store's full-text index holds. */
    abstract long indexedRows() throws Exception;

    /** The store's own consistency check of its full-text index against the messages: throws when they disagree. */
    abstract void checkIndex() throws Exception;

    private MessageStore open(Retention retention) throws Exception {
        store = openStore(retention);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static Envelope text(String room, String id, String from, long ts, String text) {
        return Envelope.of(id, room, new Stamp(from, from + "-client", ts), new Body.Text(text), null);
    }

    private Envelope put(Envelope envelope) {
        return store.append(envelope).join().envelope();
    }

    private void fill(String room, int n) {
        var futures = new ArrayList<CompletableFuture<MessageStore.Appended>>();
        for (int i = 1; i <= n; i++) {
            futures.add(store.append(text(room, "m" + i, "alice", 1_000 + i, "message number " + i)));
        }
        futures.forEach(CompletableFuture::join);
    }

    private static List<Long> seqs(MessagePage page) {
        return page.messages().stream().map(Envelope::seq).toList();
    }

    @Test
    void seq_is_per_room_and_gap_free_from_one() throws Exception {
        open(Retention.unlimited());
        assertThat(put(text("a", "x1", "alice", 1, "one")).seq()).isEqualTo(1);
        assertThat(put(text("b", "y1", "bob", 2, "uno")).seq()).isEqualTo(1);
        assertThat(put(text("a", "x2", "alice", 3, "two")).seq()).isEqualTo(2);
        fill("c", 2500); // more than one group commit
        assertThat(seqs(store.after("c", 0, 500))).containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed()
                .toList());
        assertThat(store.latest("c", 1).messages().get(0).seq()).isEqualTo(2500);
    }

    @Test
    void a_known_id_is_not_stored_twice() throws Exception {
        open(Retention.unlimited());
        var first = store.append(text("a", "same", "alice", 1, "hello")).join();
        var again = store.append(text("a", "same", "alice", 2, "hello (retry)")).join();
        var otherRoom = store.append(text("b", "same", "alice", 3, "hello")).join();

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.envelope()).isEqualTo(first.envelope());
        assertThat(otherRoom.duplicate()).as("ids are per room").isFalse();
        assertThat(store.latest("a", 10).messages()).hasSize(1);
        assertThat(put(text("a", "next", "alice", 4, "next")).seq()).as("a duplicate uses no seq").isEqualTo(2);
    }

    @Test
    void the_same_id_twice_in_one_group_commit_is_stored_once() throws Exception {
        open(Retention.unlimited());
        // queued back to back: the writer takes them in one transaction (or two; the answer is the same)
        var one = store.append(text("a", "twin", "alice", 1, "first try"));
        var two = store.append(text("a", "twin", "alice", 2, "second try"));
        var after = store.append(text("a", "after", "alice", 3, "next"));

        assertThat(two.join().envelope()).isEqualTo(one.join().envelope());
        assertThat(List.of(one.join().duplicate(), two.join().duplicate())).containsExactly(false, true);
        assertThat(after.join().envelope().seq()).as("the repeat took no seq").isEqualTo(2);
        assertThat(store.latest("a", 10).messages()).extracting(Envelope::text).containsExactly("first try", "next");
    }

    @Test
    void paging_edges() throws Exception {
        open(Retention.unlimited());
        fill("r", 120);

        MessagePage latest = store.latest("r", 50);
        assertThat(seqs(latest)).first().isEqualTo(71L);
        assertThat(seqs(latest)).last().isEqualTo(120L);
        assertThat(latest.hasMore()).isTrue();

        assertThat(seqs(store.before("r", 71, 50))).containsExactlyElementsOf(range(21, 70));
        MessagePage oldest = store.before("r", 21, 50);
        assertThat(seqs(oldest)).containsExactlyElementsOf(range(1, 20));
        assertThat(oldest.hasMore()).isFalse();
        assertThat(store.before("r", 1, 50).messages()).isEmpty();

        MessagePage afterPage = store.after("r", 100, 10);
        assertThat(seqs(afterPage)).containsExactlyElementsOf(range(101, 110));
        assertThat(afterPage.hasMore()).isTrue();
        MessagePage tail = store.after("r", 110, 10);
        assertThat(seqs(tail)).containsExactlyElementsOf(range(111, 120));
        assertThat(tail.hasMore()).as("exactly the last ten").isFalse();
        assertThat(store.after("r", 120, 10).messages()).isEmpty();
        assertThat(store.latest("r", 500).messages()).hasSize(120);
        assertThat(store.latest("r", 500).hasMore()).isFalse();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void rooms_describes_the_named_rooms_that_have_messages() throws Exception {
        open(Retention.unlimited());
        fill("general", 3);
        put(text("dm:alice:bob", "d1", "alice", 5, "secret"));
        assertThat(store.append(text("general", "m2", "alice", 9, "again")).join().duplicate()).isTrue();

        assertThat(store.rooms(List.of("general", "empty"))).singleElement().satisfies(room -> {
            assertThat(room.room()).isEqualTo("general");
            assertThat(room.count()).isEqualTo(3);
            assertThat(room.lastSeq()).isEqualTo(3);
            assertThat(room.last().text()).isEqualTo("message number 3");
        });
        assertThat(store.exists("dm:alice:bob")).isTrue();
        assertThat(store.exists("nowhere")).isFalse();
    }

    @Test
    void search_finds_words_phrases_and_prefixes_ranked_with_snippets() throws Exception {
        open(Retention.unlimited());
        put(text("general", "1", "alice", 1, "The deploy went fine"));
        put(text("general", "2", "bob", 2, "deployment of the new build failed"));
        put(text("random", "3", "carol", 3, "fine weather for a deploy today"));
        put(text("general", "4", "bob", 4, "went to lunch, fine"));

        assertThat(search("deploy", null, null)).extracting(SearchHit::seq).containsExactlyInAnyOrder(1L, 1L);
        assertThat(search("deploy*", null, null)).hasSize(3);
        assertThat(search("\"went fine\"", null, null)).singleElement()
                .satisfies(hit -> assertThat(hit.message().id()).isEqualTo("1"));
        assertThat(search("went fine", null, null)).hasSize(2);
        assertThat(search("deploy", "random", null)).singleElement()
                .satisfies(hit -> assertThat(hit.room()).isEqualTo("random"));
        assertThat(search("fine", null, "bob")).singleElement()
                .satisfies(hit -> assertThat(hit.from()).isEqualTo("bob"));
        assertThat(search("kubernetes", null, null)).isEmpty();
        assertThat(search("deploy", null, null).get(0).snippet())
                .contains(SearchHit.MATCH_START + "deploy" + SearchHit.MATCH_END);
    }

    @Test
    void search_of_a_very_common_word_ranks_within_the_most_recent_matches() throws Exception {
        open(Retention.unlimited());
        put(text("general", "oldest", "alice", 1, "common rare-okapi"));
        var futures = new ArrayList<CompletableFuture<MessageStore.Appended>>();
        for (int i = 0; i < SqliteMessageStore.SEARCH_WINDOW + 500; i++) {
            futures.add(store.append(text("general", "c" + i, "bob", 10 + i, "a common word number " + i)));
        }
        futures.forEach(CompletableFuture::join);

        List<SearchHit> common = search("common", null, null);
        assertThat(common).hasSize(20);
        assertThat(common).extracting(hit -> hit.message().id()).doesNotContain("oldest");
        assertThat(search("okapi", null, null)).extracting(hit -> hit.message().id()).containsExactly("oldest");
        assertThat(search("common okapi", null, null)).extracting(hit -> hit.message().id())
                .containsExactly("oldest");
    }

    @Test
    void search_treats_operators_and_sql_as_plain_text() throws Exception {
        open(Retention.unlimited());
        put(text("general", "1", "alice", 1, "please do not drop table users"));
        put(text("general", "2", "bob", 2, "NEAR the OR gate"));

        assertThat(search("\"; DROP TABLE messages; --", null, null)).isEmpty();
        assertThat(search("drop table", null, null)).hasSize(1);
        assertThat(search("OR", null, null)).hasSize(1);
        assertThat(search("body:near", null, null)).isEmpty();
        assertThat(search("NEAR(gate the)", null, null)).isEmpty();
        assertThatThrownBy(() -> search("\"; --", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("search needs at least one word");
        assertThat(store.latest("general", 10).messages()).hasSize(2);
    }

    @Test
    void encrypted_messages_are_stored_but_never_indexed() throws Exception {
        open(Retention.unlimited());
        var sealed = JSON.createObjectNode().put("alg", "xchacha20poly1305").put("ct", "c2VjcmV0IHBsYW5z");
        put(Envelope.of("e1", "vault", new Stamp("alice", "c", 1), new Body.Sealed(sealed), null));
        put(text("vault", "t1", "alice", 2, "c2VjcmV0IHBsYW5z visible"));

        assertThat(store.latest("vault", 10).messages()).hasSize(2);
        assertThat(search("c2VjcmV0IHBsYW5z", null, null)).singleElement()
                .satisfies(hit -> assertThat(hit.message().type()).isEqualTo("text"));
        assertThat(indexedRows()).isEqualTo(1);
    }

    @Test
    void committed_messages_are_indexed_in_the_background() throws Exception {
        open(Retention.unlimited());
        fill("bg", 3000);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> indexedRows() == 3000);
        checkIndex();
    }

    @Test
    void a_few_messages_are_indexed_once_the_writer_is_idle_without_a_search() throws Exception {
        open(Retention.unlimited());
        fill("general", 3); // far fewer than an index batch: indexed after a moment of no appends
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> indexedRows() == 3);
        checkIndex();
    }

    @Test
    void retention_of_messages_not_yet_indexed_keeps_the_index_consistent() throws Exception {
        open(new Retention(Duration.ZERO, 10, Map.of()));
        fill("r", 5000);
        assertThat(store.enforceRetention(Instant.now())).isEqualTo(4990);
        assertThat(search("message", "r", null)).hasSize(10)
                .allSatisfy(hit -> assertThat(hit.seq()).isGreaterThan(4990));
        assertThat(indexedRows()).isEqualTo(10);
        checkIndex();
    }

    @Test
    void export_streams_every_message_in_order() throws Exception {
        open(Retention.unlimited());
        fill("big", 2345);
        var seen = new ArrayList<Long>();
        store.export("big", e -> seen.add(e.seq()));
        assertThat(seen).containsExactlyElementsOf(range(1, 2345));
    }

    @Test
    void retention_by_age_and_count_with_room_overrides_leaves_nothing_in_search() throws Exception {
        var now = Instant.ofEpochMilli(100 * DAY);
        open(new Retention(Duration.ofDays(30), 0, Map.of("scratch", new Retention.Limits(Duration.ZERO, 2),
                "forever", new Retention.Limits(Duration.ZERO, 0))));
        put(text("general", "old", "alice", now.toEpochMilli() - 31 * DAY, "ancient zebra"));
        put(text("general", "new", "alice", now.toEpochMilli() - DAY, "recent giraffe"));
        for (int i = 1; i <= 5; i++) {
            put(text("scratch", "s" + i, "bob", now.toEpochMilli() - 60 * DAY, "scratch note " + i));
        }
        put(text("forever", "f", "carol", 1, "keep this okapi"));

        long deleted = store.enforceRetention(now);

        assertThat(deleted).isEqualTo(1 + 3);
        assertThat(store.rooms(List.of("general", "scratch", "forever"))).extracting(RoomSummary::count)
                .containsExactly(1L, 2L, 1L);
        assertThat(store.latest("general", 10).messages()).extracting(Envelope::id).containsExactly("new");
        assertThat(store.latest("scratch", 10).messages()).extracting(Envelope::seq).containsExactly(4L, 5L);
        assertThat(store.latest("forever", 10).messages()).hasSize(1);
        assertThat(search("zebra", null, null)).isEmpty();
        assertThat(search("scratch", null, null)).hasSize(2);
        assertThat(indexedRows()).isEqualTo(1 + 2 + 1);
        assertThat(put(text("scratch", "s6", "bob", now.toEpochMilli(), "after")).seq())
                .as("seq never goes back after deletions").isEqualTo(6);
        assertThat(store.enforceRetention(now)).as("the new message pushes one more out of scratch").isEqualTo(1);
    }

    @Test
    void deleting_a_room_removes_its_messages_but_keeps_its_seq_counter() throws Exception {
        open(Retention.unlimited());
        fill("gone", 1200); // more than one delete chunk
        put(Envelope.of("r1", "gone", new Stamp("bob", "c", 5), new Body.Reaction("m1", "👍", "add"), null));
        // A newer row elsewhere: SQLite gives a new row the id after the highest one left, and its search indexer
        // skips ids it has passed, so deleting the newest rows of the table is a case of its own (not this test's).
        put(text("kept", "k1", "alice", 6, "still here"));

        assertThat(store.deleteRoom("gone")).isEqualTo(1201);
        assertThat(store.latest("gone", 10).messages()).isEmpty();
        assertThat(store.rooms(List.of("gone"))).singleElement().satisfies(room -> {
            assertThat(room.count()).isZero();
            assertThat(room.lastSeq()).isEqualTo(1201);
        });
        assertThat(put(text("gone", "m1", "alice", 9, "fresh start")).seq()).isEqualTo(1202);
        assertThat(store.message("gone", 1202).orElseThrow().state().reactions()).as("no reaction outlives its message")
                .isEmpty();
        assertThat(search("fresh", "gone", null)).hasSize(1);
        assertThat(search("number", "gone", null)).isEmpty();
    }

    @Test
    void data_survives_reopening_and_migrations_run_once() throws Exception {
        open(Retention.unlimited());
        fill("general", 10);
        store.close();
        open(Retention.unlimited());
        assertThat(store.latest("general", 50).messages()).hasSize(10);
        assertThat(put(text("general", "m11", "alice", 2000, "eleven")).seq()).isEqualTo(11);
    }

    private List<SearchHit> search(String q, String room, String from) {
        return store.search(new SearchQuery(q, room, from, 20, SearchScope.everything()));
    }

}
