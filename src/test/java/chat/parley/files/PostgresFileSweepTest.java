package chat.parley.files;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.FileLimits;
import chat.parley.config.Retention;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import chat.parley.history.MessageStore;
import chat.parley.history.PostgresMessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes, each with a data dir of its own, sweeping one PostgreSQL: a file a message shows is kept, one whose
 * message went is removed by whichever node sweeps first, each node frees only its own copy of the bytes, and a sweep
 * waits for a message being stored that shows the file it is about to delete.
 */
class PostgresFileSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEALED = "{\"alg\":\"aes-256-gcm\",\"nonce\":\"AAECAwQFBgcICQoL\","
            + "\"ct\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYX\"}";
    private static final FileLimits LIMITS = new FileLimits(1 << 20, 0, false, 50);
    /** Past every upload's grace: what the sweep sees an hour and more later. */
    private static final Instant LATER = Instant.now().plus(Duration.ofHours(2));

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private StoreSettings settings;
    private PostgresDatabase databaseA;
    private PostgresDatabase databaseB;
    private SharedFiles nodeA;
    private SharedFiles nodeB;
    /** The history, on node A's database, with a day's retention. */
    private MessageStore history;
    private Connection sql;
    private long seq;

    @BeforeEach
    void nodes(TestInfo test) throws Exception {
        settings = PostgresServer.shared().newStore(test.getTestMethod().orElseThrow().getName());
        databaseA = PostgresDatabase.open(settings);
        databaseB = PostgresDatabase.open(settings);
        nodeA = SharedFiles.open(databaseA, dirA, LIMITS, new SimpleMeterRegistry());
        nodeB = SharedFiles.open(databaseB, dirB, LIMITS, new SimpleMeterRegistry());
        history = PostgresMessageStore.open(databaseA, new Retention(Duration.ofDays(1), 0, Map.of()), JSON,
                new SimpleMeterRegistry());
        sql = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(), "");
    }

    @AfterEach
    void close() throws SQLException {
        sql.close();
        history.close();
        databaseA.close();
        databaseB.close();
    }

    @Test
    void either_node_sweeps_a_file_no_message_shows_and_each_frees_only_its_own_bytes() throws Exception {
        StoredFile shown = upload(nodeA, "shown.txt", "shown by a message");
        StoredFile deleted = upload(nodeA, "deleted.txt", "its message is deleted");
        StoredFile retired = upload(nodeA, "retired.txt", "its message is past retention");
        StoredFile unsent = upload(nodeA, "unsent.txt", "never sent");
        append(Envelope.of("m-shown", "r", now(), new Body.File(nodeA.describe(shown), "first"), null));
        append(Envelope.of("m-edited", "r", now(), new Body.Edit("m-shown", "second", null), null));
        append(Envelope.of("m-deleted", "r", now(), new Body.Sealed(JSON.readTree(SEALED), List.of(deleted.id())),
                null));
        append(Envelope.of("m-retired", "r", new Stamp("alice", "c", 1), new Body.File(nodeA.describe(retired),
                null), null));

        assertThat(nodeB.sweep(LATER)).as("only the unsent one").isEqualTo(1);
        assertThat(nodeA.find(shown.id())).as("shown, edited").isPresent();
        assertThat(nodeA.find(deleted.id())).isPresent();
        assertThat(nodeA.find(retired.id())).isPresent();
        assertThat(nodeA.find(unsent.id())).isEmpty();
        assertThat(nodeA.content(unsent)).as("node A's bytes, which node B does not touch").exists();

        append(Envelope.of("m-delete", "r", now(), new Body.Delete("m-deleted"), null));
        history.enforceRetention(Instant.now());
        assertThat(nodeB.sweep(Instant.now())).as("within an upload's grace").isZero();
        assertThat(nodeB.sweep(LATER)).isEqualTo(2);
        assertThat(nodeA.find(deleted.id())).isEmpty();
        assertThat(nodeA.find(retired.id())).isEmpty();
        assertThat(nodeA.find(shown.id())).as("still shown").isPresent();

        assertThat(nodeA.sweep(LATER)).as("nothing left for node A to remove").isZero();
        assertThat(nodeA.content(unsent)).as("node A frees its copy of bytes no row names").doesNotExist();
        assertThat(nodeA.content(deleted)).doesNotExist();
        assertThat(nodeA.content(retired)).doesNotExist();
        assertThat(nodeA.content(shown)).exists();
    }

    @Test
    void the_same_bytes_uploaded_on_two_nodes_stay_while_a_row_uses_them() throws Exception {
        StoredFile onA = upload(nodeA, "a.txt", "the same bytes");
        StoredFile onB = upload(nodeB, "b.txt", "the same bytes");
        append(Envelope.of("m-b", "r", now(), new Body.File(nodeB.describe(onB), null), null));

        nodeA.sweep(LATER);
        assertThat(nodeA.find(onA.id())).isEmpty();
        assertThat(nodeA.content(onA)).as("a row still uses them").exists();
        assertThat(nodeB.content(onB)).exists();
    }

    @Test
    void a_sweep_waits_for_a_message_being_stored_that_shows_the_file() throws Exception {
        StoredFile file = upload(nodeA, "racing.txt", "published as the sweep runs");
        sql.setAutoCommit(false);
        show(file); // the writer's transaction: stored, not committed yet

        CompletableFuture<Long> sweep = CompletableFuture.supplyAsync(() -> nodeB.sweep(LATER));
        assertThatThrownBy(() -> sweep.get(1, TimeUnit.SECONDS)).as("waits for the message's commit")
                .isInstanceOf(TimeoutException.class);
        sql.commit();

        assertThat(sweep.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(nodeA.find(file.id())).isPresent();
        assertThat(nodeA.content(file)).exists();
    }

    @Test
    void nodes_move_bytes_in_and_out_one_at_a_time() throws Exception {
        StoredFile unsent = upload(nodeA, "unsent.txt", "swept while another node holds the lock");
        try (var st = sql.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + FileTable.BLOBS_LOCK + ")"); // as another node moving bytes
        }
        CompletableFuture<StoredFile> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return upload(nodeB, "waits.txt", "the same bytes may be leaving a shared files/ directory");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Long> sweep = CompletableFuture.supplyAsync(() -> nodeA.sweep(LATER));
        assertThatThrownBy(() -> upload.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> sweep.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        try (var st = sql.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + FileTable.BLOBS_LOCK + ")");
        }

        assertThat(nodeB.content(upload.get(30, TimeUnit.SECONDS))).exists();
        assertThat(sweep.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(nodeA.find(unsent.id())).isEmpty();
    }

    private static StoredFile upload(SharedFiles node, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return node.upload(new SharedFiles.Upload("r", "alice", "text/plain", bytes.length, name, false),
                new ByteArrayInputStream(bytes));
    }

    /** Stores a file message showing this file on {@link #sql}, as the history's writer does; returns its id. */
    private String show(StoredFile file) throws SQLException {
        return store("file", "{\"type\":\"file\",\"file\":{\"id\":\"" + file.id() + "\"}}");
    }

    private void append(Envelope envelope) {
        history.append(envelope).join();
    }

    private static Stamp now() {
        return new Stamp("alice", "c", System.currentTimeMillis());
    }

    private String store(String type, String envelope) throws SQLException {
        String id = "m" + (++seq);
        try (var st = sql.prepareStatement("INSERT INTO messages (room, seq, msg_id, sender, ts, type, envelope) "
                + "VALUES ('r', ?, ?, 'alice', 0, ?, ?)")) {
            st.setLong(1, seq);
            st.setString(2, id);
            st.setString(3, type);
            st.setString(4, envelope);
            st.executeUpdate();
        }
        return id;
    }

}
