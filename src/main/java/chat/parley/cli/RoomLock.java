package chat.parley.cli;

import chat.parley.e2e.E2eCipher;
import chat.parley.e2e.E2eException;
import chat.parley.e2e.FileCipher;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.KeyCheck;
import chat.parley.e2e.NonceGuard;
import chat.parley.e2e.RoomKeys;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.Sealed;
import chat.parley.e2e.SecretText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The key of one end-to-end encrypted room, on this side only: seals what we send and opens what arrives (format:
 * docs/e2e.md, the same as the browser's). A message that does not open is shown as "can't decrypt", never as bytes.
 * A wrong passphrase or key is refused before anything is sealed with it.
 */
final class RoomLock {

    /** How many of a room's latest messages a key is tried on when the room has no key check value yet. */
    private static final int SAMPLES = 50;

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
     * salt and the key's check value). A room that already has plain messages cannot be.
     *
     * @return the lock, or empty when the secret is not the room's: its key does not match the room's key check
     *         value, or, in a room encrypted before there were any, opens none of its latest sealed messages
     */
    static Optional<RoomLock> open(ServerApi api, String room, String user, RoomSecret secret) {
        JsonNode meta = api.roomMeta(room);
        if (!meta.path("encrypted").asBoolean(false)) {
            KdfParams kdf = KdfParams.fresh();
            byte[] key = keyOf(secret, kdf);
            meta = api.createRoomMeta(room, kdf, KeyCheck.of(key, room));
            if (RoomMeta.fromJson(meta).kdf().saltText().equals(kdf.saltText())) {
                return Optional.of(new RoomLock(room, user, key)); // ours: its check value is this key's
            }
        }
        RoomMeta parsed = RoomMeta.fromJson(meta);
        byte[] key = keyOf(secret, parsed.kdf());
        var lock = new RoomLock(room, user, key);
        if (KeyCheck.matches(key, room, parsed.check())) {
            return Optional.of(lock);
        }
        List<JsonNode> sealed = api.latest(room, SAMPLES).messages().stream()
                .filter(m -> "e2e".equals(m.path("type").asText()) && m.has("e2e")).toList();
        if (sealed.stream().anyMatch(lock::opens)) {
            if (parsed.check() == null) {
                api.addKeyCheck(room, KeyCheck.of(key, room)); // proved: everyone after is checked against it
            }
            return Optional.of(lock); // a check value that disagrees with the room's own messages is the wrong one
        }
        if (parsed.check() == null && sealed.isEmpty()) {
            return Optional.of(lock); // a room encrypted before check values, with no message yet: nothing to tell by
        }
        return Optional.empty();
    }

    private static byte[] keyOf(RoomSecret secret, KdfParams kdf) {
        try {
            return secret.key() != null ? RoomKeys.fromInviteKey(secret.key())
                    : RoomKeys.fromPassphrase(secret.passphrase(), kdf);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--key: " + e.getMessage());
        }
    }

    private boolean opens(JsonNode envelope) {
        try {
            cipher.open(room, envelope.path("from").asText(), envelope.path("id").asText(),
                    Sealed.fromJson(envelope.get("e2e")));
            return true;
        } catch (E2eException e) {
            return false;
        }
    }

    String room() {
        return room;
    }

    /** The {@code e2e} object of a text we send with message id {@code id} (an edit: the edited message's id). */
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
     * An envelope of this room as it is shown: an e2e message becomes a copy with {@code type: text} and the opened
     * text; a sealed edit a copy with the new {@code text} instead of its {@code e2e} (it is sealed with the id of the
     * message it edits). When it does not open, a copy with {@code problem} set (shown as "can't decrypt").
     */
    JsonNode reveal(JsonNode envelope) {
        String type = envelope.path("type").asText();
        boolean edit = "edit".equals(type) && envelope.has("e2e");
        if (!("e2e".equals(type) && envelope.has("e2e") || edit) || !(envelope instanceof ObjectNode original)) {
            return envelope;
        }
        ObjectNode shown = original.deepCopy();
        try {
            Sealed sealed = Sealed.fromJson(envelope.get("e2e"));
            String id = envelope.path(edit ? "target" : "id").asText();
            byte[] plain = cipher.open(room, envelope.path("from").asText(), id, sealed);
            if (!nonces.check(sealed.nonce(), id)) {
                return shown.put("problem", "nonce used twice: the sender's software is broken");
            }
            String text = SecretText.decode(ChatClient.JSON, plain).text();
            if (edit) {
                shown.remove("e2e");
                shown.put("text", text);
            } else {
                shown.put("type", "text").put("text", text);
                JsonNode file = ChatClient.JSON.readTree(plain).path("file");
                if (file.isObject()) { // a file message: shown, and downloaded, like a plain one (opened on the way)
                    shown.put("type", "file").set("file", ((ObjectNode) file.deepCopy()).put("encrypted", true));
                }
            }
            shown.put("decrypted", true);
        } catch (E2eException | java.io.IOException e) {
            shown.put("problem", "can't decrypt: wrong key or passphrase, or the message was changed");
        }
        return shown;
    }
}
