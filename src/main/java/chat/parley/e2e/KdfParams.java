package chat.parley.e2e;

import java.util.Base64;

/**
 * How a room's key is derived from its passphrase: scrypt with these costs over a random per-room salt. Published in
 * the room's meta, so every client derives the same key; the salt is not secret.
 *
 * @param n    scrypt CPU/memory cost, a power of two from 2^14 to 2^20 (memory is 128·n·r bytes: 32 MiB at 2^15)
 * @param r    scrypt block size, 8
 * @param p    scrypt parallelism, 1 to 4
 * @param salt 16 to 64 random bytes
 */
public record KdfParams(int n, int r, int p, byte[] salt) {

    /** The name of the only KDF, as written in the meta: {@code "kdf":{"name":"scrypt",…}}. */
    public static final String SCRYPT = "scrypt";
    /** The costs new rooms get: 2^15, 8, 1 (32 MiB; about a second on a busy 2-core machine, see docs/e2e.md). */
    public static final int DEFAULT_N = 1 << 15;
    public static final int DEFAULT_R = 8;
    public static final int DEFAULT_P = 1;
    public static final int SALT_BYTES = 16;

    public KdfParams {
        if (n < (1 << 14) || n > (1 << 20) || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("kdf.N must be a power of two from 16384 to 1048576, got " + n);
        }
        if (r != 8) {
            throw new IllegalArgumentException("kdf.r must be 8, got " + r);
        }
        if (p < 1 || p > 4) {
            throw new IllegalArgumentException("kdf.p must be from 1 to 4, got " + p);
        }
        if (salt == null || salt.length < 16 || salt.length > 64) {
            throw new IllegalArgumentException("kdf.salt must be 16 to 64 bytes (base64url)");
        }
        salt = salt.clone();
    }

    /** Default costs with a fresh random salt. */
    public static KdfParams fresh() {
        return new KdfParams(DEFAULT_N, DEFAULT_R, DEFAULT_P, E2eCipher.randomBytes(SALT_BYTES));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** The salt as unpadded base64url, as in the meta. */
    public String saltText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
    }
}
