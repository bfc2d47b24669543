package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Retention;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Parley processes ("nodes") on one PostgreSQL database, each with its own store and writer, writing the same
 * rooms at once: every room's seq is still 1..N with no gap and no duplicate, and an id sent to both is stored once.
 */
class PostgresSeqAcrossNodesTest {

    private static final int PER_NODE = 1500;

    private MessageStore node1;
    private MessageStore node2;

    @BeforeEach
    void open() throws SQLException {
        StoreSettings settings = PostgresServer.shared().newStore("nodes");
        node1 = PostgresMessageStore.open(PostgresDatabase.open(settings), Retention.unlimited(), new ObjectMapper(),
                new SimpleMeterRegistry());
        node2 = PostgresMessageStore.open(PostgresDatabase.open(settings), Retention.unlimited(), new ObjectMapper(),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
    }

    private static Envelope text(String room, String id, String from) {
        return Envelope.of(id, room, new Stamp(from, from + "-client", System.currentTimeMillis()),
                new Body.Text("hello from " + id), null);
    }

    @Test
    void two_nodes_writing_the_same_rooms_assign_every_seq_once_without_gaps() {
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        var futures = new ArrayList<CompletableFuture<MessageStore.Appended>>();
        try {
            for (MessageStore node : List.of(node1, node2)) {
                String name = node == node1 ? "n1" : "n2";
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    // Each publisher spreads its messages over three rooms, new ones first: rooms are created and
                    // locked by both nodes in every order.
                    publishers.submit(() -> {
                        for (int i = 0; i < PER_NODE / 2; i++) {
                            String room = List.of("shared", "other", "third").get(i % 3);
                            String id = name + "-" + thread + "-" + i;
                            synchronized (futures) {
                                futures.add(node.append(text(room, id, name)));
                            }
                        }
                    });
                }
            }
        } finally {
            publishers.shutdown();
        }
        org.awaitility.Awaitility.await().until(publishers::isTerminated);
        futures.forEach(CompletableFuture::join);

        long total = 0;
        for (String room : List.of("shared", "other", "third")) {
            List<Long> seqs = new ArrayList<>();
            node2.export(room, e -> seqs.add(e.seq()));
            assertThat(seqs).as(room).containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed()
                    .toList());
            total += seqs.size();
        }
        assertThat(total).isEqualTo(2L * PER_NODE);
    }

    @Test
    void an_id_sent_to_both_nodes_is_stored_once() {
        for (int i = 0; i < 200; i++) {
            var a = node1.append(text("retry", "same-" + i, "alice"));
            var b = node2.append(text("retry", "same-" + i, "alice"));
            assertThat(a.join().duplicate() ^ b.join().duplicate()).as("exactly one stores message " + i).isTrue();
            assertThat(a.join().envelope().seq()).isEqualTo(b.join().envelope().seq());
        }
        assertThat(node1.latest("retry", 500).messages()).extracting(Envelope::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }
}
