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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One row the database refuses fails alone: the rest of its group commit is stored and acknowledged. */
class BadRowFailsAloneTest {

    /** A constraint only one message breaks: a trigger that aborts the insert of a row whose text says "poison". */
    static final String POISON = "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN new.body LIKE '%poison%' "
            + "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END";

    @TempDir
    Path dir;

    @Test
    void a_row_that_breaks_a_constraint_is_refused_and_the_other_99_of_its_batch_are_stored() throws Exception {
        var metrics = new SimpleMeterRegistry();
        Database database = Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        var store = SqliteMessageStore.open(database, Retention.unlimited(), new ObjectMapper(), metrics);
        try {
            database.update(POISON);
            // Hold the writer so all 100 appends wait, then are written by one drain in one transaction.
            var release = new CountDownLatch(1);
            var held = database.writer().submit(c -> awaitQuietly(release));
            var futures = new ArrayList<CompletableFuture<MessageStore.Appended>>();
            for (int i = 1; i <= 100; i++) {
                String text = i == 50 ? "a poison pill" : "message " + i;
                futures.add(store.append(Envelope.of("m" + i, "batch", new Stamp("alice", "c1", 1_000 + i),
                        new Body.Text(text), null)));
            }
            release.countDown();
            held.join();

            assertThatThrownBy(() -> futures.get(49).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(RefusedException.class)
                    .hasMessageContaining("could not be stored")
                    .satisfies(e -> assertThat(((RefusedException) e).refusal()).isEqualTo(Refusal.UNSTORABLE));
            var seqs = new ArrayList<Long>();
            for (int i = 0; i < 100; i++) {
                if (i != 49) {
                    seqs.add(futures.get(i).join().envelope().seq());
                }
            }
            // The 99 are acknowledged in order with no hole where the refused one was.
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 99).boxed().toList());
            assertThat(store.count()).isEqualTo(99);
            assertThat(store.after("batch", 0, 200).messages()).extracting(Envelope::id).doesNotContain("m50");
            assertThat(metrics.summary("parley.store.batch.size").count()).as("one group commit").isEqualTo(1);
            assertThat(metrics.summary("parley.store.batch.size").max()).isEqualTo(100);
            assertThat(store.writeProblem()).as("a refused row is not a failing store").isEmpty();
        } finally {
            store.close();
            database.close();
        }
    }

    private static Void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
