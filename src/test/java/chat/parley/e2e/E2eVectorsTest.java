package chat.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The format's known answers (src/test/resources/e2e-vectors.json, also checked by web/test/e2e.test.js). */
class E2eVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = E2eVectorsTest.class.getResourceAsStream("/e2e-vectors.json")) {
            vectors = JSON.readTree(in);
        }
    }

    private static byte[] b64(JsonNode node) {
        return Base64.getUrlDecoder().decode(node.asText());
    }

    @Test
    void scrypt_derives_the_known_keys_and_normalizes_the_passphrase() {
        for (JsonNode v : vectors.get("kdf")) {
            var kdf = new KdfParams(v.get("N").asInt(), v.get("r").asInt(), v.get("p").asInt(), b64(v.get("salt")));
            assertThat(RoomKeys.fromPassphrase(v.get("passphrase").asText(), kdf))
                    .as(v.get("passphrase").asText()).isEqualTo(b64(v.get("key")));
        }
        assertThat(vectors.get("kdf").get(1).get("passphrase").asText())
                .isNotEqualTo(vectors.get("kdf").get(2).get("passphrase").asText()); // NFC and NFD spellings
    }

    @Test
    void seal_gives_the_known_ciphertext_and_open_gives_the_plaintext_back() throws Exception {
        for (JsonNode v : vectors.get("seal")) {
            var cipher = new E2eCipher(b64(v.get("key")));
            String room = v.get("room").asText();
            String from = v.get("from").asText();
            String id = v.get("id").asText();
            byte[] plaintext = v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(new String(E2eCipher.aad(room, from, id), StandardCharsets.UTF_8))
                    .isEqualTo(v.get("aad").asText());
            Sealed sealed = cipher.seal(room, from, id, plaintext, b64(v.get("e2e").get("nonce")));
            assertThat(sealed.toJson(JSON)).isEqualTo(v.get("e2e"));
            assertThat(cipher.open(room, from, id, Sealed.fromJson(v.get("e2e")))).isEqualTo(plaintext);
            assertThat(SecretText.decode(JSON, plaintext).text()).isNotBlank();
        }
    }

    @Test
    void tampered_moved_or_wrongly_keyed_messages_do_not_open() {
        assertThat(vectors.get("reject")).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode v : vectors.get("reject")) {
            var cipher = new E2eCipher(b64(v.get("key")));
            assertThatThrownBy(() -> cipher.open(v.get("room").asText(), v.get("from").asText(), v.get("id").asText(),
                    Sealed.fromJson(v.get("e2e")))).as(v.get("name").asText()).isInstanceOf(E2eException.class);
        }
    }

    @Test
    void a_nonce_used_again_for_another_message_is_noticed() throws Exception {
        var guard = new NonceGuard();
        var cipher = new E2eCipher(b64(vectors.get("nonceReuseKey")));
        for (JsonNode v : vectors.get("nonceReuse")) {
            Sealed sealed = Sealed.fromJson(v.get("e2e"));
            cipher.open(v.get("room").asText(), v.get("from").asText(), v.get("id").asText(), sealed); // each opens
            assertThat(!guard.check(sealed.nonce(), v.get("id").asText())).isEqualTo(v.get("reused").asBoolean());
        }
    }

    @Test
    void the_key_check_value_is_the_known_one_and_no_other_key_or_room_matches_it() {
        assertThat(vectors.get("keyCheck")).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode v : vectors.get("keyCheck")) {
            byte[] key = b64(v.get("key"));
            String room = v.get("room").asText();
            String check = v.get("check").asText();
            assertThat(v.get("input").asText()).isEqualTo(KeyCheck.LABEL + "\0" + room);
            assertThat(KeyCheck.of(key, room)).as(room).isEqualTo(check);
            assertThat(KeyCheck.matches(key, room, check)).isTrue();
            assertThat(KeyCheck.isWellFormed(check)).isTrue();
            assertThat(KeyCheck.matches(key, room + "x", check)).as("another room").isFalse();
            key[0] ^= 1;
            assertThat(KeyCheck.matches(key, room, check)).as("another key").isFalse();
        }
        assertThat(KeyCheck.isWellFormed("YvsFFTIqsQFcqsoKLl4OSh")).as("spare bits set").isFalse();
        assertThat(KeyCheck.isWellFormed("YvsFFTIqsQFcqsoKLl4OS")).as("15 bytes").isFalse();
        assertThat(KeyCheck.isWellFormed("YvsFFTIqsQFcqsoKLl4OS+")).as("not base64url").isFalse();
    }

    @Test
    void every_seal_takes_a_fresh_nonce() throws Exception {
        var cipher = new E2eCipher(RoomKeys.fromInviteKey(RoomKeys.newInviteKey()));
        byte[] text = new SecretText("same", 1).encode(JSON);
        Sealed a = cipher.seal("r", "u", "id", text);
        Sealed b = cipher.seal("r", "u", "id", text);
        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ct()).isNotEqualTo(b.ct());
        assertThat(SecretText.decode(JSON, cipher.open("r", "u", "id", b)).text()).isEqualTo("same");
    }

    @Test
    void bad_keys_and_costs_are_refused_with_a_message() {
        assertThatThrownBy(() -> RoomKeys.fromInviteKey("AAAA")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> RoomKeys.fromInviteKey("not base64!")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> new KdfParams(1000, 8, 1, new byte[16])).hasMessageContaining("kdf.N");
        assertThatThrownBy(() -> new KdfParams(1 << 15, 8, 1, new byte[4])).hasMessageContaining("kdf.salt");
    }
}
