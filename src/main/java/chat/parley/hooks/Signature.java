package chat.parley.hooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of an outgoing webhook's body: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes under
 * the hook's secret, sent as {@value #HEADER} (the shape of GitHub's {@code X-Hub-Signature-256}, so receivers can
 * reuse their verification code).
 */
public final class Signature {

    /** The header that carries it. */
    public static final String HEADER = "X-Parley-Signature-256";

    private Signature() {
    }

    /** {@code sha256=<hex>} of {@code body} under {@code secret}. */
    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
