package chat.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * What is inside a sealed chat message: UTF-8 JSON {@code {"text":"…","sent":ms}}; {@code sent} is the sender's
 * clock, authenticated, unlike the envelope's server-stamped {@code ts}.
 */
public record SecretText(String text, long sent) {

    public byte[] encode(ObjectMapper json) {
        try {
            return json.writeValueAsBytes(json.createObjectNode().put("text", text).put("sent", sent));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a message", e);
        }
    }

    public static SecretText decode(ObjectMapper json, byte[] plaintext) throws E2eException {
        try {
            JsonNode node = json.readTree(plaintext);
            if (node == null || !node.path("text").isTextual()) {
                throw new E2eException("the decrypted message has no text");
            }
            return new SecretText(node.get("text").asText(), node.path("sent").asLong(0));
        } catch (IOException e) {
            throw new E2eException("the decrypted message is not JSON");
        }
    }
}
