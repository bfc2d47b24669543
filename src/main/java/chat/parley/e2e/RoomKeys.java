package chat.parley.e2e;

import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;

/** Turns what a user has (a passphrase, or the key of an invite link) into a room's 32-byte AES key. */
public final class RoomKeys {

    /** AES-256: 32 bytes. */
    public static final int KEY_BYTES = 32;

    private RoomKeys() {
    }

    /** scrypt over the UTF-8 of the passphrase in Unicode NFC (so "é" typed either way gives one key). */
    public static byte[] fromPassphrase(String passphrase, KdfParams kdf) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new IllegalArgumentException("the passphrase must not be empty");
        }
        byte[] password = Normalizer.normalize(passphrase, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        return SCrypt.generate(password, kdf.salt(), kdf.n(), kdf.r(), kdf.p(), KEY_BYTES);
    }

    /** The key of an invite link ({@code #/r/{room}?k=…}): 32 bytes as unpadded base64url. */
    public static byte[] fromInviteKey(String text) {
        byte[] key;
        try {
            key = Base64.getUrlDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the room key must be base64url (the k=… of an invite link)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the room key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }

    /** A fresh random room key, as put in invite links. */
    public static String newInviteKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(E2eCipher.randomBytes(KEY_BYTES));
    }
}
