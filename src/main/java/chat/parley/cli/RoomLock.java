package chat.parley.cli;

import chat.parley.e2e.E2eCipher;
import chat.parley.e2e.E2eException;
import chat.parley.e2e.FileCipher;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.NonceGuard;
import chat.parley.e2e.RoomKeys;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.Sealed;
import chat.parley.e2e.SecretText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The key of one end-to-end encrypted room, on this side only: seals what we send and opens what arrives (format:
 * docs/e2e.md, the same as the browser's). A message that does not open is shown as "can't decrypt", never as bytes.
 */
final class RoomLock {

    private final String room;
    private final String user;
    private final E2eCipher cipher;
    private final FileCipher files;
    private final NonceGuard nonces = new NonceGuard();

    private RoomLock(String room, String user, byte[] key) {
        this.room = room;
        this.user = user;
        this.cipher = new E2eCipher(key);
        this.files = new FileCipher(key);
    }

    /**
     * The lock of {@code room}: reads its meta; a plain room without messages is made encrypted first (with a fresh
     * salt). A room that already has plain messages cannot be.
     */
    static RoomLock open(ServerApi api, String room, String user, RoomSecret secret) {
        JsonNode meta = api.roomMeta(room);
        if (!meta.path("encrypted").asBoolean(false)) {
            meta = api.createRoomMeta(room, KdfParams.fresh());
        }
        byte[] key;
        try {
            key = secret.key() != null ? RoomKeys.fromInviteKey(secret.key())
                    : RoomKeys.fromPassphrase(secret.passphrase(), RoomMeta.fromJson(meta).kdf());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--key: " + e.getMessage());
        }
        return new RoomLock(room, user, key);
    }

    String room() {
        return room;
    }

    /** The {@code e2e} object of a text we send with message id {@code id}. */
    ObjectNode seal(String id, String text) {
        return cipher.seal(room, user, id, new SecretText(text, System.currentTimeMillis()).encode(ChatClient.JSON))
                .toJson(ChatClient.JSON);
    }

    /**
     * The {@code e2e} object of a file message we send with message id {@code id}: the sealed JSON
     * {@code {text, sent, file}} (docs/files.md).
     */
    ObjectNode sealFile(String id, ObjectNode file, String caption) {
        ObjectNode inner = ChatClient.JSON.createObjectNode().put("text", caption == null ? "" : caption)
                .put("sent", System.currentTimeMillis());
        inner.set("file", file);
        try {
            return cipher.seal(room, user, id, ChatClient.JSON.writeValueAsBytes(inner)).toJson(ChatClient.JSON);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A file's bytes encrypted for this room, as they are uploaded. */
    byte[] sealBytes(byte[] file) {
        return files.seal(room, file);
    }

    /** A downloaded file of this room opened. */
    byte[] openBytes(byte[] sealed) throws E2eException {
        return files.open(room, sealed);
    }

    /**
     * An e2e envelope of this room as it is shown: a copy with {@code type: text} and the opened text, or, when it
     * does not open, a copy with {@code problem} set (shown as "can't decrypt").
     */
    JsonNode reveal(JsonNode envelope) {
        if (!"e2e".equals(envelope.path("type").asText()) || !(envelope instanceof ObjectNode original)) {
            return envelope;
        }
        ObjectNode shown = original.deepCopy();
        try {
            Sealed sealed = Sealed.fromJson(envelope.get("e2e"));
            String id = envelope.path("id").asText();
            byte[] plain = cipher.open(room, envelope.path("from").asText(), id, sealed);
            if (!nonces.check(sealed.nonce(), id)) {
                return shown.put("problem", "nonce used twice: the sender's software is broken");
            }
            shown.put("type", "text").put("text", SecretText.decode(ChatClient.JSON, plain).text())
                    .put("decrypted", true);
            JsonNode file = ChatClient.JSON.readTree(plain).path("file");
            if (file.isObject()) { // a file message: shown, and downloaded, like a plain one (opened on the way)
                shown.put("type", "file").set("file", ((ObjectNode) file.deepCopy()).put("encrypted", true));
            }
        } catch (E2eException | java.io.IOException e) {
            shown.put("problem", "can't decrypt: wrong key or passphrase, or the message was changed");
        }
        return shown;
    }
}
