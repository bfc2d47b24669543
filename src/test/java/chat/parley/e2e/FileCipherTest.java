package chat.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encrypted files: the Java side seals and opens exactly what the browser does (file-vectors.json, shared with JS). */
class FileCipherTest {

    private static JsonNode vectors() throws IOException {
        try (var in = FileCipherTest.class.getResourceAsStream("/file-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] b64(JsonNode node, String field) {
        return Base64.getUrlDecoder().decode(node.path(field).asText());
    }

    @Test
    void seals_and_opens_the_browsers_bytes() throws Exception {
        JsonNode v = vectors();
        var cipher = new FileCipher(b64(v, "key"));
        String room = v.path("room").asText();
        assertThat(cipher.seal(room, b64(v, "plaintext"), b64(v, "nonce"))).isEqualTo(b64(v, "sealed"));
        assertThat(cipher.open(room, b64(v, "sealed"))).isEqualTo(b64(v, "plaintext"));
    }

    @Test
    void a_file_moved_to_another_room_or_changed_does_not_open() throws Exception {
        JsonNode v = vectors();
        var cipher = new FileCipher(b64(v, "key"));
        assertThatThrownBy(() -> cipher.open(v.path("otherRoom").asText(), b64(v, "sealed")))
                .isInstanceOf(E2eException.class);
        byte[] changed = b64(v, "sealed");
        changed[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(v.path("room").asText(), changed)).isInstanceOf(E2eException.class);
        byte[] fresh = cipher.seal("ops", new byte[] {1, 2, 3});
        assertThat(cipher.open("ops", fresh)).containsExactly(1, 2, 3);
        assertThat(cipher.seal("ops", new byte[] {1, 2, 3})).isNotEqualTo(fresh); // a fresh nonce every time
    }
}
