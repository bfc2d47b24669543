package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import chat.parley.config.Durability;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events on the store itself: the search index follows edits and deletes, bridged authorship, a reply's count. */
class MessageEventsStoreTest {

    @TempDir
    Path dir;

    MessageStore store;

    @BeforeEach
    void open() throws SQLException {
        store = openStore();
    }

    /** The store under test, on an empty database (PostgresMessageEventsStoreTest runs these on PostgreSQL). */
    MessageStore openStore() throws SQLException {
        return SqliteMessageStore.open(Database.open(dir.resolve("parley.db"), Durability.PROCESS),
                Retention.unlimited(), new ObjectMapper(), new SimpleMeterRegistry());
    }

    /** FTS5's own consistency check of the index against the messages: throws when they disagree. */
    void checkIndex() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"))) {
            c.createStatement().execute("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)");
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Envelope of(String id, String from, Body body) {
        return Envelope.of(id, "fed", new Stamp(from, from + "-client", System.currentTimeMillis()), body, null);
    }

    private MessageStore.Appended put(Envelope envelope) {
        return store.append(envelope).join();
    }

    private List<String> found(String words) {
        return store.search(new SearchQuery(words, null, null, 20, SearchScope.everything())).stream()
                .map(hit -> hit.message().id()).toList();
    }

    private static void refused(Runnable append, Refusal refusal) {
        assertThatThrownBy(append::run).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(RefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    @Test
    void edits_and_deletes_of_indexed_messages_update_the_search_index() throws SQLException {
        put(of("m1", "alice", new Body.Text("the lighthouse keeper")));
        put(of("m2", "alice", new Body.Text("the lighthouse lamp")));
        assertThat(found("lighthouse")).containsExactlyInAnyOrder("m1", "m2"); // both in the index now

        put(of("e1", "alice", new Body.Edit("m1", "the harbour master", null)));
        put(of("d1", "alice", new Body.Delete("m2")));

        assertThat(found("lighthouse")).isEmpty();
        assertThat(found("harbour")).containsExactly("m1");
        checkIndex();
    }

    @Test
    void a_bridged_message_is_edited_only_by_the_same_name_from_the_same_site() {
        put(of("x1", "alice", new Body.Text("hello from site b")).bridgedFrom("site-b"));

        refused(() -> put(of("x1-local", "alice", new Body.Edit("x1", "local alice", null))), Refusal.NOT_AUTHOR);
        refused(() -> put(of("x1-c", "alice", new Body.Edit("x1", "alice of c", null)).bridgedFrom("site-c")),
                Refusal.NOT_AUTHOR);
        put(of("x1-b", "alice", new Body.Edit("x1", "hello again from site b", null)).bridgedFrom("site-b"));

        Envelope message = store.message("fed", 1).orElseThrow();
        assertThat(message.text()).isEqualTo("hello again from site b");
        assertThat(message.state().edited()).isNotNull();
        assertThat(message.state().rev()).isEqualTo(2);
    }

    @Test
    void reactions_are_kept_per_user_of_each_site_and_an_admin_deletes_anyones_message() {
        put(of("y1", "bob", new Body.Text("vote")));
        put(of("y1-a", "alice", new Body.Reaction("y1", "👍", "add")));
        put(of("y1-b", "alice", new Body.Reaction("y1", "👍", "add")).bridgedFrom("site-b"));
        assertThat(put(of("y1-again", "alice", new Body.Reaction("y1", "👍", "add"))).duplicate()).isTrue();
        assertThat(store.message("fed", 1).orElseThrow().state().reactions())
                .isEqualTo(Map.of("👍", List.of("alice", "alice@site-b")));

        refused(() -> put(of("z", "mallory", new Body.Delete("y1"))), Refusal.NOT_AUTHOR);
        store.appendAsAdmin(of("z-admin", "parley", new Body.Delete("y1"))).join();
        Envelope tombstone = store.message("fed", 1).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.state().reactions()).isEmpty();
    }

    @Test
    void a_refused_event_leaves_the_rest_of_its_batch_stored() {
        put(of("w1", "alice", new Body.Text("one")));
        var refused = store.append(of("w-bad", "bob", new Body.Edit("w1", "not yours", null)));
        var fine = store.append(of("w2", "bob", new Body.Text("two")));
        assertThat(fine.join().envelope().seq()).isEqualTo(2);
        assertThatThrownBy(refused::join).hasCauseInstanceOf(RefusedException.class);
        assertThat(store.latest("fed", 10).messages()).extracting(Envelope::id).containsExactly("w1", "w2");
    }
}
