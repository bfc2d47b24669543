package chat.parley.bridge;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The files a bridged message shows, on their way out. Queued in the outbox ahead of the message, one small entry per
 * chunk ({@code {"id":"…","index":3}}, channel {@link #CHANNEL}), so the other sites have the file, whole and checked,
 * before the message that shows it; each chunk's bytes are read from the file store only when it is sent. Files over
 * {@code bridge-max-file-bytes} stay here: the other sites show them as kept at this site.
 */
final class OutgoingFiles {

    /** The outbox channel (and remote topic level) of file chunks. */
    static final String CHANNEL = "files";

    private final String origin;
    private final ObjectMapper json;
    private final LongSupplier maxFileBytes;
    private volatile FileShelf shelf = FileShelf.NONE;

    OutgoingFiles(String origin, ObjectMapper json, LongSupplier maxFileBytes) {
        this.origin = origin;
        this.json = json;
        this.maxFileBytes = maxFileBytes;
    }

    void use(FileShelf files) {
        this.shelf = files;
    }

    FileShelf shelf() {
        return shelf;
    }

    /** What to queue for a message. */
    record Plan(List<String> chunks, int files, int tooLarge) {
    }

    /** The chunk entries to queue ahead of this message: its thumbnail first, then its file (or an e2e's files). */
    Plan plan(Envelope envelope) {
        var ids = new ArrayList<String>();
        if (envelope.body() instanceof Body.File file) {
            if (file.file().path("thumb").isTextual()) {
                ids.add(file.file().path("thumb").asText());
            }
            ids.add(file.file().path("id").asText());
        } else if (envelope.body() instanceof Body.Sealed sealed && sealed.files() != null) {
            ids.addAll(sealed.files());
        }
        var chunks = new ArrayList<String>();
        int files = 0;
        int tooLarge = 0;
        for (String id : ids) {
            Optional<FileShelf.Shelved> shelved = shelf.find(envelope.room(), id);
            if (shelved.isEmpty()) {
                continue;
            }
            BridgedFile file = shelved.get().file();
            if (file.size() > maxFileBytes.getAsLong()) {
                tooLarge++;
                continue;
            }
            files++;
            int count = FileChunk.chunks(file.size());
            for (int i = 0; i < count; i++) {
                chunks.add(JsonNodeFactory.instance.objectNode().put("id", id).put("index", i).toString());
            }
        }
        return new Plan(chunks, files, tooLarge);
    }

    /**
     * The chunks, rendered, of the files a message shows, at most {@code maxChunks} of them (a file that does not fit
     * whole is left out): what a repair answer sends ahead of the message.
     */
    List<FileChunk> chunksOf(Envelope envelope, int maxChunks) throws IOException {
        var chunks = new ArrayList<FileChunk>();
        var pending = new ArrayList<FileChunk>();
        String current = null;
        for (String entry : plan(envelope).chunks()) {
            JsonNode ref = json.readTree(entry);
            if (!ref.path("id").asText().equals(current)) {
                current = ref.path("id").asText();
                pending.clear();
            }
            Optional<FileChunk> chunk = render(envelope.room(), entry);
            if (chunk.isEmpty()) {
                continue;
            }
            pending.add(chunk.get());
            if (chunk.get().index() == chunk.get().count() - 1) {
                if (chunks.size() + pending.size() > maxChunks) {
                    break;
                }
                chunks.addAll(pending);
                pending.clear();
            }
        }
        return chunks;
    }

    /** A queued chunk as it goes on the remote; empty when its file is gone (deleted meanwhile) or over the limit. */
    Optional<FileChunk> render(String room, String entry) throws IOException {
        JsonNode ref = json.readTree(entry);
        Optional<FileShelf.Shelved> shelved = shelf.find(room, ref.path("id").asText());
        if (shelved.isEmpty() || shelved.get().file().size() > maxFileBytes.getAsLong()) {
            return Optional.empty();
        }
        BridgedFile file = shelved.get().file();
        int count = FileChunk.chunks(file.size());
        int index = ref.path("index").asInt();
        long at = (long) index * FileChunk.CHUNK_BYTES;
        int length = (int) Math.min(FileChunk.CHUNK_BYTES, file.size() - at);
        if (index < 0 || index >= count || length <= 0) {
            return Optional.empty();
        }
        ByteBuffer data = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(shelved.get().content(), StandardOpenOption.READ)) {
            while (data.hasRemaining()) {
                if (channel.read(data, at + data.position()) < 0) {
                    return Optional.empty(); // shorter than its row says: the other site would refuse it anyway
                }
            }
        }
        return Optional.of(new FileChunk(origin, file, index, count, data.array()));
    }
}
