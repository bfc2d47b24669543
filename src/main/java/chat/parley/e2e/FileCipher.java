package chat.parley.e2e;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals and opens the files of one end-to-end encrypted room (docs/files.md), the same bytes as the browser's
 * {@code e2e/files.js}: {@code nonce (12 random bytes) ‖ AES-256-GCM(key, nonce, AAD = "parley-file-v1" 0x00 room)
 * (file) ‖ tag}. The associated data binds the room: a file moved to another room does not open.
 */
public final class FileCipher {

    /** The first bytes of the associated data. */
    public static final String AAD_LABEL = "parley-file-v1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key the room's 32-byte key ({@link RoomKeys}) */
    public FileCipher(byte[] key) {
        if (key == null || key.length != RoomKeys.KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + RoomKeys.KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Seals a file's bytes for {@code room} with a fresh random nonce. */
    public byte[] seal(String room, byte[] file) {
        byte[] nonce = new byte[E2eCipher.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return seal(room, file, nonce);
    }

    /** Seals with a given nonce: only for known-answer tests. */
    byte[] seal(String room, byte[] file, byte[] nonce) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(E2eCipher.TAG_BITS, nonce));
            cipher.updateAAD(aad(room));
            byte[] ct = cipher.doFinal(file);
            byte[] out = Arrays.copyOf(nonce, nonce.length + ct.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * Opens sealed file bytes of {@code room}.
     *
     * @throws E2eException for another key, changed bytes or another room's file
     */
    public byte[] open(String room, byte[] sealed) throws E2eException {
        if (sealed.length < E2eCipher.NONCE_BYTES + E2eCipher.TAG_BITS / 8) {
            throw new E2eException("not an encrypted file");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(E2eCipher.TAG_BITS, sealed, 0,
                    E2eCipher.NONCE_BYTES));
            cipher.updateAAD(aad(room));
            return cipher.doFinal(sealed, E2eCipher.NONCE_BYTES, sealed.length - E2eCipher.NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new E2eException("cannot decrypt this file: wrong key, or it was changed or moved", e);
        } catch (GeneralSecurityException e) {
            throw new E2eException("cannot decrypt this file: " + e.getMessage(), e);
        }
    }

    private static byte[] aad(String room) {
        return (AAD_LABEL + "\0" + room).getBytes(StandardCharsets.UTF_8);
    }
}
