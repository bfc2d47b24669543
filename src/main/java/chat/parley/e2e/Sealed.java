package chat.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * The {@code e2e} object of an envelope: {@code {"alg":"aes-256-gcm","nonce":"…","ct":"…"}}, nonce and ciphertext
 * (with its 16-byte tag at the end) as unpadded base64url.
 */
public record Sealed(String alg, byte[] nonce, byte[] ct) {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** The JSON object carried in {@code envelope.e2e}. */
    public ObjectNode toJson(ObjectMapper json) {
        return json.createObjectNode().put("alg", alg).put("nonce", B64.encodeToString(nonce))
                .put("ct", B64.encodeToString(ct));
    }

    /** Reads an envelope's {@code e2e} object. */
    public static Sealed fromJson(JsonNode e2e) throws E2eException {
        if (e2e == null || !e2e.isObject() || !e2e.path("alg").isTextual() || !e2e.path("nonce").isTextual()
                || !e2e.path("ct").isTextual()) {
            throw new E2eException("an e2e object needs the strings alg, nonce and ct");
        }
        try {
            return new Sealed(e2e.get("alg").asText(), Base64.getUrlDecoder().decode(e2e.get("nonce").asText()),
                    Base64.getUrlDecoder().decode(e2e.get("ct").asText()));
        } catch (IllegalArgumentException e) {
            throw new E2eException("nonce and ct must be base64url");
        }
    }
}
