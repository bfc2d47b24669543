package chat.parley.e2e;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A room's key check value (docs/e2e.md, "The key check value"): the first 16 bytes of
 * HMAC-SHA256(key, "parley-e2e-v1 key check" ‖ 0x00 ‖ room), kept in the room's public meta. A client that derived a
 * key compares it before sealing anything, so a wrong passphrase is refused even in a room with no messages yet.
 * <p>
 * It gives a guesser nothing one sealed message does not: a guess still costs a full scrypt before the HMAC can be
 * compared, and the HMAC, a PRF under the key, says nothing else about the key. The room id in the input makes two
 * rooms' values unrelated even under one key.
 */
public final class KeyCheck {

    /** The fixed label, as the start of the MAC's input. */
    public static final String LABEL = E2eCipher.AAD_LABEL + " key check";
    /** Bytes kept of the HMAC: a wrong key matches with probability 2^-128. */
    public static final int BYTES = 16;

    private KeyCheck() {
    }

    /** The check value of {@code key} in {@code room}, unpadded base64url (22 characters). */
    public static String of(byte[] key, String room) {
        if (key == null || key.length != RoomKeys.KEY_BYTES) {
            throw new IllegalArgumentException("a room key has " + RoomKeys.KEY_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] full = mac.doFinal(room.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** Whether {@code key} is the key whose check value {@code check} is. */
    public static boolean matches(byte[] key, String room, String check) {
        return check != null && MessageDigest.isEqual(of(key, room).getBytes(StandardCharsets.US_ASCII),
                check.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a text is a check value as clients write it: 16 bytes as unpadded base64url, in its one spelling. */
    public static boolean isWellFormed(String check) {
        if (check == null || check.length() != 22) {
            return false;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(check);
            // the last character has spare bits: only the spelling with them zero compares equal to a computed value
            return bytes.length == BYTES && Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(check);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
