package chat.parley.e2e;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals and opens the messages of one encrypted room with AES-256-GCM (the JDK's), format version 1 (docs/e2e.md).
 * Every message gets a fresh random 12-byte nonce. The associated data binds the room, the sender and the message id,
 * so a server or relay that moves a sealed message to another room or sender makes it fail to open.
 */
public final class E2eCipher {

    /** The value of {@code e2e.alg}. */
    public static final String ALG = "aes-256-gcm";
    /** The first bytes of the associated data: the format's name and version. */
    public static final String AAD_LABEL = "parley-e2e-v1";
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key the room's 32-byte key ({@link RoomKeys}) */
    public E2eCipher(byte[] key) {
        if (key == null || key.length != RoomKeys.KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + RoomKeys.KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Seals a plaintext with a fresh random nonce. */
    public Sealed seal(String room, String from, String id, byte[] plaintext) {
        return seal(room, from, id, plaintext, randomBytes(NONCE_BYTES));
    }

    /** Seals with a given nonce: only for known-answer tests. A nonce must never be used twice with one key. */
    Sealed seal(String room, String from, String id, byte[] plaintext, byte[] nonce) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(room, from, id));
            return new Sealed(ALG, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * Opens a sealed message.
     *
     * @throws E2eException when it is not ours to open: another key, changed bytes, or another room/sender/id
     */
    public byte[] open(String room, String from, String id, Sealed sealed) throws E2eException {
        if (!ALG.equals(sealed.alg())) {
            throw new E2eException("unknown e2e algorithm '" + sealed.alg() + "'");
        }
        if (sealed.nonce().length != NONCE_BYTES) {
            throw new E2eException("the nonce must be " + NONCE_BYTES + " bytes");
        }
        if (sealed.ct().length < TAG_BITS / 8) {
            throw new E2eException("the ciphertext is shorter than its " + TAG_BITS / 8 + "-byte tag");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(aad(room, from, id));
            return cipher.doFinal(sealed.ct());
        } catch (AEADBadTagException e) {
            throw new E2eException("cannot decrypt: wrong key, or the message was changed or moved", e);
        } catch (GeneralSecurityException e) {
            throw new E2eException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    /**
     * The associated data: UTF-8 of {@code parley-e2e-v1}, then room, sender and message id, each preceded by a
     * 0x00 byte (none of them can contain 0x00).
     */
    public static byte[] aad(String room, String from, String id) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(AAD_LABEL.getBytes(StandardCharsets.UTF_8));
        for (String part : new String[] {room, from, id}) {
            if (part == null || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("room, sender and id must be present and contain no NUL");
            }
            out.write(0);
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
