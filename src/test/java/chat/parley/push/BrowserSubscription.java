package chat.parley.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * What a browser holds for one push subscription (a P-256 key pair and a 16-byte auth secret), and what it does with
 * a push: decrypt it (RFC 8291, aes128gcm content coding of RFC 8188) with the JDK's own crypto, independent of the
 * library the server sends with.
 */
public final class BrowserSubscription {

    private final KeyPair keys;
    private final byte[] auth = new byte[16];
    final String endpoint;

    public BrowserSubscription(String endpoint) throws GeneralSecurityException {
        this.endpoint = endpoint;
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.keys = generator.generateKeyPair();
        new SecureRandom().nextBytes(auth);
    }

    /** The JSON of {@code PushSubscription.toJSON()}. */
    public Map<String, Object> toJson() {
        return Map.of("endpoint", endpoint,
                "keys", Map.of("p256dh", b64(uncompressed((ECPublicKey) keys.getPublic())), "auth", b64(auth)));
    }

    /** Decrypts a push body as the browser does; fails on anything not encrypted for this subscription. */
    public String decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] senderKey = new byte[in.get() & 0xff];
        in.get(senderKey);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (recordSize < 18 || ciphertext.length > recordSize) {
            throw new GeneralSecurityException("one record expected, rs " + recordSize);
        }

        var agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(keys.getPrivate());
        agreement.doPhase(publicKey(senderKey), true);
        byte[] ecdhSecret = agreement.generateSecret();

        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
                uncompressed((ECPublicKey) keys.getPublic()), senderKey);
        byte[] ikm = hkdf(auth, ecdhSecret, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("the last record must end with the delimiter 0x02");
        }
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 (RFC 5869), one block of output is all Web Push needs. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    /** An uncompressed P-256 point (0x04, X, Y) as a JDK public key. */
    static PublicKey publicKey(byte[] point) throws GeneralSecurityException {
        if (point.length != 65 || point[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        var w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }

    static byte[] uncompressed(ECPublicKey key) {
        return concat(new byte[] {4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
    }

    private static byte[] fixed(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
