package chat.parley.bridge;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Durability;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import chat.parley.history.SqliteMessageStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a site answers to a repair request, from its real history and ledger (nothing is published here). */
class RepairAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELF = "site-a-x81kq2";
    private static final String B = "site-b-4k2m9q";
    private static final String C = "site-c-000111";

    @TempDir
    Path dir;
    SqliteMessageStore store;
    RepairLedger ledger;
    RepairAnswers answers;

    @BeforeEach
    void open() throws Exception {
        Database database = Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        store = SqliteMessageStore.open(database, Retention.unlimited(), JSON, new SimpleMeterRegistry());
        ledger = RepairLedger.open(database, SELF);
        var registry = new SimpleMeterRegistry();
        answers = new RepairAnswers(SELF, "p", ledger, store, (t, p) -> CompletableFuture.completedFuture(null),
                registry.counter("answered"), registry.counter("dropped"), problem -> { });
    }

    @AfterEach
    void close() {
        answers.close();
        store.close();
    }

    /** A message this site accepted and bridged (numbered like the bridge's hook does). */
    private Envelope said(String room, String id, Body body, long ts) throws Exception {
        Envelope stored = store.append(Envelope.of(id, room, new Stamp("alice", "alice-1", ts), body, null)).join()
                .envelope();
        ledger.assignOwn(room, stored.seq());
        return stored;
    }

    private static List<JsonNode> read(List<String> payloads) {
        return payloads.stream().map(p -> {
            try {
                return JSON.readTree(p);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void its_own_messages_go_in_order_at_most_a_batch_at_a_time_as_they_travel_live() throws Exception {
        for (int i = 1; i <= 150; i++) {
            said("general", "m-" + i, new Body.Text("message " + i), 1_000 + i);
        }
        var first = answers.answer("general", new RepairProtocol.Request(B, SELF, 0, null, false));
        List<JsonNode> sent = read(first.payloads());
        assertThat(sent).hasSize(RepairAnswers.BATCH);
        assertThat(sent).extracting(m -> m.path("oseq").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(sent.get(0).path("id").asText()).isEqualTo("m-1");
        assertThat(sent.get(0).path("origin").asText()).isEqualTo(SELF);
        assertThat(sent.get(0).path("text").asText()).isEqualTo("message 1");
        assertThat(sent.get(0).has("seq") || sent.get(0).has("client") || sent.get(0).has("rev")).isFalse();
        assertThat(first.done()).isEqualTo(new RepairProtocol.Done(SELF, SELF, 0, 100, 150, List.of(), List.of()));

        var rest = answers.answer("general", new RepairProtocol.Request(B, SELF, 100, null, false));
        assertThat(rest.payloads()).hasSize(50);
        assertThat(rest.done().upto()).isEqualTo(150);

        var bounded = answers.answer("general", new RepairProtocol.Request(B, SELF, 10, 12L, false));
        assertThat(read(bounded.payloads())).extracting(m -> m.path("id").asText()).containsExactly("m-11", "m-12");
        assertThat(bounded.done().upto()).isEqualTo(12);

        var ahead = answers.answer("general", new RepairProtocol.Request(B, SELF, 400, null, false));
        assertThat(ahead.payloads()).isEmpty();
        assertThat(ahead.done()).as("a requester ahead of this site hears its latest")
                .isEqualTo(new RepairProtocol.Done(SELF, SELF, 400, 400, 150, List.of(), List.of()));
    }

    @Test
    void deleted_messages_are_skipped_and_history_no_longer_kept_is_named_unavailable() throws Exception {
        for (int i = 1; i <= 3; i++) {
            said("ops", "old-" + i, new Body.Text("old " + i), 100 + i);
        }
        store.deleteRoom("ops"); // history no longer has counters 1..3
        said("ops", "n-4", new Body.Text("four"), 5_000);
        said("ops", "n-5", new Body.Text("five"), 5_001);
        said("ops", "d-6", new Body.Delete("n-5"), 5_002);
        said("ops", "n-7", new Body.Text("seven"), 5_003);

        var answer = answers.answer("ops", new RepairProtocol.Request(B, SELF, 0, null, false));
        assertThat(read(answer.payloads())).extracting(m -> m.path("id").asText()).containsExactly("n-4", "n-7");
        assertThat(answer.done().unavailable()).containsExactly(new RepairLedger.Span(1, 3, 5_000L));
        assertThat(answer.done().skipped()).containsExactly(new RepairLedger.Span(5, 6, null));
        assertThat(answer.done().upto()).isEqualTo(7);
    }

    @Test
    void another_sites_messages_are_answered_only_when_asked_of_anyone_and_only_by_a_site_that_holds_them()
            throws Exception {
        long seq = store.append(Envelope.of("c-1", "general", new Stamp("carol", "bridge", 9), new Body.Text("hi"),
                null).bridgedFrom(C)).join().envelope().seq();
        ledger.seen(C, "general", 7, null); // first contact at 7: refused here, nothing to pass on
        ledger.seen(C, "general", 8, seq);

        var answer = answers.answer("general", new RepairProtocol.Request(B, C, 7, null, true));
        List<JsonNode> sent = read(answer.payloads());
        assertThat(sent).extracting(m -> m.path("id").asText()).containsExactly("c-1");
        assertThat(sent.get(0).path("origin").asText()).isEqualTo(C);
        assertThat(sent.get(0).path("oseq").asLong()).isEqualTo(8);
        assertThat(sent.get(0).has("via")).isFalse();
        assertThat(answer.done().by()).isEqualTo(SELF);
        assertThat(answer.done().fromOrigin()).isFalse();
        assertThat(answer.done().unavailable()).as("only the origin can say what is gone").isEmpty();

        assertThat(answers.answer("general", new RepairProtocol.Request(B, C, 8, null, true)))
                .as("nothing held after 8: silence").isNull();
        assertThat(answers.answer("ops", new RepairProtocol.Request(B, C, 0, null, true))).isNull();
    }
}
