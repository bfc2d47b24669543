package chat.parley.e2e;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Notices a nonce used twice under one key with different messages: with AES-GCM that leaks the XOR of the two
 * plaintexts and lets the key's authentication be forged, so a client that sees it flags the room (a broken or
 * hostile sender). The same message delivered twice (same id) is not a reuse.
 */
public final class NonceGuard {

    private final Map<String, String> idByNonce = new HashMap<>();

    /** @return true if this nonce is new, or was seen only with this same message id */
    public synchronized boolean check(byte[] nonce, String id) {
        String previous = idByNonce.putIfAbsent(Base64.getEncoder().encodeToString(nonce), id);
        return previous == null || previous.equals(id);
    }
}
