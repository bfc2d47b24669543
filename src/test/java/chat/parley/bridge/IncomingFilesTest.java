package chat.parley.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files from other sites become whole only with every chunk and the announced SHA-256, within bounds. */
class IncomingFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "QkJCQkJCQkJCQkJCQkJCQg";

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static FileChunk[] chunks(byte[] whole, String sha256) {
        int count = FileChunk.chunks(whole.length);
        var file = new BridgedFile(ID, sha256, whole.length, "a.bin", "alice", "application/octet-stream", null, null,
                null, null, false);
        var chunks = new FileChunk[count];
        for (int i = 0; i < count; i++) {
            int from = i * FileChunk.CHUNK_BYTES;
            chunks[i] = new FileChunk("site-a", file, i, count,
                    Arrays.copyOfRange(whole, from, Math.min(whole.length, from + FileChunk.CHUNK_BYTES)));
        }
        return chunks;
    }

    @Test
    void a_file_is_whole_once_every_chunk_is_there_in_any_order_and_repeats_count_once() throws Exception {
        byte[] whole = bytes(100_000);
        FileChunk[] chunks = chunks(whole, IncomingFiles.sha256(whole));
        // through the JSON, as on the remote
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = FileChunk.parse(JSON.readTree(chunks[i].toJson()), 1 << 20);
        }
        var incoming = new IncomingFiles(1 << 20);
        assertThat(incoming.accept("general", chunks[3], 0)).isEqualTo(IncomingFiles.Outcome.PROGRESS);
        assertThat(incoming.accept("general", chunks[3], 0)).isEqualTo(IncomingFiles.Outcome.DUPLICATE);
        assertThat(incoming.accept("general", chunks[0], 0)).isEqualTo(IncomingFiles.Outcome.PROGRESS);
        assertThat(incoming.accept("general", chunks[2], 0)).isEqualTo(IncomingFiles.Outcome.PROGRESS);
        assertThat(incoming.accept("general", chunks[1], 0)).isEqualTo(IncomingFiles.Outcome.COMPLETE);
        IncomingFiles.Complete complete = incoming.takeCompleted();
        assertThat(complete.bytes()).isEqualTo(whole);
        assertThat(complete.origin()).isEqualTo("site-a");
        assertThat(incoming.inFlight()).isZero();
        assertThat(incoming.heldBytes()).isZero();
    }

    @Test
    void a_wrong_hash_keeps_nothing() {
        byte[] whole = bytes(40_000);
        FileChunk[] chunks = chunks(whole, IncomingFiles.sha256(bytes(10)));
        var incoming = new IncomingFiles(1 << 20);
        incoming.accept("general", chunks[0], 0);
        assertThat(incoming.accept("general", chunks[1], 0)).isEqualTo(IncomingFiles.Outcome.CORRUPT);
        assertThat(incoming.takeCompleted()).isNull();
        assertThat(incoming.heldBytes()).isZero();
    }

    @Test
    void held_bytes_are_bounded_and_stale_transfers_expire() {
        byte[] whole = bytes(100_000);
        FileChunk[] chunks = chunks(whole, IncomingFiles.sha256(whole));
        var incoming = new IncomingFiles(FileChunk.CHUNK_BYTES * 2L);
        assertThat(incoming.accept("general", chunks[0], 0)).isEqualTo(IncomingFiles.Outcome.PROGRESS);
        assertThat(incoming.accept("general", chunks[1], 0)).isEqualTo(IncomingFiles.Outcome.PROGRESS);
        assertThat(incoming.accept("general", chunks[2], 0)).isEqualTo(IncomingFiles.Outcome.FULL);
        assertThat(incoming.expire(IncomingFiles.EXPIRY_MILLIS - 1)).isZero();
        assertThat(incoming.expire(IncomingFiles.EXPIRY_MILLIS)).isEqualTo(1);
        assertThat(incoming.heldBytes()).isZero();
    }

    @Test
    void chunks_that_do_not_fit_are_malformed() throws Exception {
        byte[] whole = bytes(40_000);
        String good = chunks(whole, IncomingFiles.sha256(whole))[1].toJson();
        assertThatThrownBy(() -> FileChunk.parse(JSON.readTree(good), 10_000)).hasMessageContaining("size");
        for (String[] bad : new String[][] {{"\"index\":1", "\"index\":2"}, {"\"count\":2", "\"count\":3"},
                {"\"origin\":\"site-a\"", "\"origin\":\"a b\""}, {"\"id\":\"" + ID + "\"", "\"id\":\"../x\""}}) {
            assertThatThrownBy(() -> FileChunk.parse(JSON.readTree(good.replace(bad[0], bad[1])), 1 << 20))
                    .as(bad[1]).isInstanceOf(RepairProtocol.Malformed.class);
        }
    }
}
