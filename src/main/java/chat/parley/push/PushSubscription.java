package chat.parley.push;

import java.util.Base64;
import java.util.Objects;

/**
 * One browser's push subscription, as {@code PushSubscription.toJSON()} gives it, owned by a user.
 *
 * @param user     who it notifies
 * @param endpoint the browser's address at its push service (a capability URL: whoever knows it can push)
 * @param p256dh   the browser's P-256 public key, uncompressed (65 bytes), base64url
 * @param auth     the browser's 16-byte authentication secret, base64url
 */
public record PushSubscription(String user, String endpoint, String p256dh, String auth) {

    /** The longest endpoint accepted; the push services' are a few hundred characters. */
    static final int MAX_ENDPOINT_CHARS = 2048;

    public PushSubscription {
        Objects.requireNonNull(user, "user must not be null.");
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT_CHARS) {
            throw new IllegalArgumentException("endpoint must be a URL of at most " + MAX_ENDPOINT_CHARS
                    + " characters");
        }
        byte[] key = decode("keys.p256dh", p256dh);
        if (key.length != 65 || key[0] != 4) {
            throw new IllegalArgumentException("keys.p256dh must be an uncompressed P-256 public key (65 bytes, "
                    + "base64url)");
        }
        if (decode("keys.auth", auth).length != 16) {
            throw new IllegalArgumentException("keys.auth must be 16 bytes, base64url");
        }
    }

    byte[] publicKey() {
        return decode("keys.p256dh", p256dh);
    }

    byte[] authSecret() {
        return decode("keys.auth", auth);
    }

    private static byte[] decode(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64url");
        }
    }
}
