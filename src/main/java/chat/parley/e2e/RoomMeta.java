package chat.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * The public meta of an end-to-end encrypted room, as published (retained) on {@code {prefix}/rooms/{room}/meta}:
 * <pre>{"room":"ops","encrypted":true,"alg":"aes-256-gcm",
 *  "kdf":{"name":"scrypt","N":32768,"r":8,"p":1,"salt":"…"},"check":"…","created":1764160000000}</pre>
 * It holds nothing secret: the key is derived on the clients from the passphrase, or carried in the invite link.
 *
 * @param room    room id
 * @param kdf     how clients derive the key from the passphrase
 * @param check   the key check value ({@link KeyCheck}), or null for a room encrypted before there were any
 * @param created when the room became encrypted, ms since the epoch
 */
public record RoomMeta(String room, KdfParams kdf, String check, long created) {

    public RoomMeta {
        if (check != null && !KeyCheck.isWellFormed(check)) {
            throw new IllegalArgumentException("check must be 16 bytes as unpadded base64url (22 characters)");
        }
    }

    /** The meta JSON as published and answered by {@code GET /api/rooms/{room}/meta}. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode().put("room", room).put("encrypted", true).put("alg", E2eCipher.ALG);
        node.putObject("kdf").put("name", KdfParams.SCRYPT).put("N", kdf.n()).put("r", kdf.r()).put("p", kdf.p())
                .put("salt", kdf.saltText());
        if (check != null) {
            node.put("check", check);
        }
        return node.put("created", created);
    }

    /** This meta with a key check value (a room encrypted before there were any gets one later). */
    public RoomMeta withCheck(String newCheck) {
        return new RoomMeta(room, kdf, newCheck, created);
    }

    /**
     * Reads a request body {@code {"encrypted":true,"kdf":{"name":"scrypt","N":…,"r":…,"p":…,"salt":"…"},
     * "check":"…"}} ({@code alg}, if given, must be {@code aes-256-gcm}; {@code check} is optional).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static RoomMeta fromRequest(String room, JsonNode body, long now) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object like {\"encrypted\":true,\"kdf\":{…}}");
        }
        if (!body.path("encrypted").isBoolean() || !body.get("encrypted").booleanValue()) {
            throw new IllegalArgumentException("encrypted must be true (a room cannot be made plain again)");
        }
        if (body.has("alg") && !E2eCipher.ALG.equals(body.get("alg").asText())) {
            throw new IllegalArgumentException("alg must be " + E2eCipher.ALG);
        }
        JsonNode kdf = body.path("kdf");
        if (!KdfParams.SCRYPT.equals(kdf.path("name").asText())) {
            throw new IllegalArgumentException("kdf.name must be scrypt");
        }
        for (String field : new String[] {"N", "r", "p"}) {
            if (!kdf.path(field).isInt()) {
                throw new IllegalArgumentException("kdf." + field + " must be a whole number");
            }
        }
        byte[] salt;
        try {
            salt = Base64.getUrlDecoder().decode(kdf.path("salt").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kdf.salt must be base64url");
        }
        return new RoomMeta(room, new KdfParams(kdf.get("N").asInt(), kdf.get("r").asInt(), kdf.get("p").asInt(),
                salt), checkOf(body), now);
    }

    /** Reads the meta JSON back (as stored or published). */
    public static RoomMeta fromJson(JsonNode node) {
        RoomMeta read = fromRequest(node.path("room").asText(), node, 0);
        return new RoomMeta(read.room(), read.kdf(), read.check(), node.path("created").asLong());
    }

    /** The {@code check} of a body: absent or null is none; anything else must be a well-formed check value. */
    public static String checkOf(JsonNode body) {
        JsonNode check = body.get("check");
        if (check == null || check.isNull()) {
            return null;
        }
        if (!check.isTextual() || !KeyCheck.isWellFormed(check.asText())) {
            throw new IllegalArgumentException("check must be 16 bytes as unpadded base64url (22 characters): "
                    + "the key check value of docs/e2e.md");
        }
        return check.asText();
    }
}
