package chat.parley.bridge;

import chat.parley.chat.MessageRules;
import chat.parley.chat.Names;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * One piece of a shared file on its way to the other sites, on {@code {prefix}/rooms/{room}/files}:
 * {@code {"v":1,"origin":"site-a-x81kq2","id":"…","sha256":"…","size":301234,"name":"photo.jpg","from":"alice",
 * "mime":"image/jpeg","width":800,"height":600,"thumb":"…","thumbOf":null,"encrypted":false,"index":0,"count":10,
 * "data":"base64…"}}. Every chunk carries the whole description, so any chunk starts a transfer and the receiver
 * needs no other message. Parsing is strict: whatever does not fit is a {@link RepairProtocol.Malformed}.
 *
 * @param origin the site the file was uploaded at
 * @param file  what the file is (the same in every chunk of it)
 * @param index this chunk's place, 0 …
 * @param count how many chunks the file has
 * @param data  this chunk's bytes
 */
record FileChunk(String origin, BridgedFile file, int index, int count, byte[] data) {

    /** Raw bytes per chunk: with base64 and the description about 45 KB a publish, far under any broker's limit. */
    static final int CHUNK_BYTES = 32 * 1024;
    /** The most chunks one file may have (a 64 MB file), whatever the sender says. */
    static final int MAX_CHUNKS = 2048;

    /** How many chunks a file of this size is sent in. */
    static int chunks(long size) {
        return (int) Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }

    String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("v", 1)
                .put("origin", origin).put("id", file.id()).put("sha256", file.sha256())
                .put("size", file.size()).put("name", file.name()).put("from", file.from()).put("mime", file.mime());
        if (file.width() != null && file.height() != null) {
            node.put("width", file.width()).put("height", file.height());
        }
        if (file.thumb() != null) {
            node.put("thumb", file.thumb());
        }
        if (file.thumbOf() != null) {
            node.put("thumbOf", file.thumbOf());
        }
        return node.put("encrypted", file.encrypted()).put("index", index).put("count", count)
                .put("data", Base64.getEncoder().encodeToString(data)).toString();
    }

    /**
     * Reads a chunk.
     *
     * @param maxFileBytes the largest file this site takes over the bridge
     * @throws RepairProtocol.Malformed when anything does not fit (a bad id, hash, size, index, data …)
     */
    static FileChunk parse(JsonNode node, long maxFileBytes) throws RepairProtocol.Malformed {
        if (node.path("v").asInt() != 1) {
            throw new RepairProtocol.Malformed("a file chunk of an unknown version");
        }
        String origin = text(node, "origin");
        String from = text(node, "from");
        if (!Names.isUser(origin) || !Names.isUser(from)) {
            throw new RepairProtocol.Malformed("a file chunk's origin and from must be names");
        }
        String sha256 = text(node, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new RepairProtocol.Malformed("sha256 must be 64 hex digits");
        }
        long size = node.path("size").asLong(-1);
        if (!node.path("size").canConvertToExactIntegral() || size < 1 || size > maxFileBytes) {
            throw new RepairProtocol.Malformed("size must be 1 to " + maxFileBytes);
        }
        String name = text(node, "name");
        String mime = text(node, "mime");
        if (name.length() > 255 || mime.length() > 255) {
            throw new RepairProtocol.Malformed("name and mime must be at most 255 characters");
        }
        var file = new BridgedFile(fileId(node, "id", false), sha256, size, name, from, mime,
                dimension(node, "width"), dimension(node, "height"), fileId(node, "thumb", true),
                fileId(node, "thumbOf", true), node.path("encrypted").asBoolean(false));
        int count = node.path("count").asInt(-1);
        int index = node.path("index").asInt(-1);
        if (count != chunks(size) || count > MAX_CHUNKS || index < 0 || index >= count) {
            throw new RepairProtocol.Malformed("index and count do not fit the size");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(text(node, "data"));
        } catch (IllegalArgumentException e) {
            throw new RepairProtocol.Malformed("data must be base64");
        }
        long expected = index < count - 1 ? CHUNK_BYTES : size - (long) CHUNK_BYTES * (count - 1);
        if (data.length != expected) {
            throw new RepairProtocol.Malformed("chunk " + index + " must hold " + expected + " bytes");
        }
        return new FileChunk(origin, file, index, count, data);
    }

    private static String text(JsonNode node, String field) throws RepairProtocol.Malformed {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new RepairProtocol.Malformed(field + " must be a string");
        }
        return value.asText();
    }

    private static String fileId(JsonNode node, String field, boolean optional) throws RepairProtocol.Malformed {
        JsonNode value = node.path(field);
        if (optional && (value.isMissingNode() || value.isNull())) {
            return null;
        }
        if (!value.isTextual() || !MessageRules.FILE_ID.matcher(value.asText()).matches()) {
            throw new RepairProtocol.Malformed(field + " must be a file id");
        }
        return value.asText();
    }

    private static Integer dimension(JsonNode node, String field) throws RepairProtocol.Malformed {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 1_000_000) {
            throw new RepairProtocol.Malformed(field + " must be a positive number of pixels");
        }
        return value.asInt();
    }
}
