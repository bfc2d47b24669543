package chat.parley.broker;

import chat.parley.config.WebNodeSettings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Which connections are Parley web nodes ({@code parley serve --broker-url …}): those with the username
 * {@value WebNodeSettings#NODE_USER} and the node secret as the password. A node publishes what the server itself
 * writes, already stored in the shared database, so its publishes pass the chat rules untouched
 * ({@link NodePublishes}). Without a secret no connection is a node.
 */
final class NodeTrust {

    private volatile byte[] secret;

    /** Trusts connections that present this secret; empty trusts none. */
    void trust(String nodeSecret) {
        Objects.requireNonNull(nodeSecret, "nodeSecret must not be null.");
        this.secret = nodeSecret.isEmpty() ? null : nodeSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a connection with this username asks to be a node (then it is one or is refused, never a user). */
    static boolean claimsNode(String user) {
        return WebNodeSettings.NODE_USER.equals(user);
    }

    /** Whether the password is the node secret (compared in constant time). */
    boolean proves(ByteBuffer password) {
        byte[] expected = secret;
        if (expected == null || password == null) {
            return false;
        }
        byte[] given = new byte[password.remaining()];
        password.duplicate().get(given);
        return MessageDigest.isEqual(expected, given);
    }
}
