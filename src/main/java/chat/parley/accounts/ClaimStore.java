package chat.parley.accounts;

import chat.parley.db.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claimed user names ({@code auth: open}). Claiming a free name returns a secret once; from then on that name needs
 * the secret as its password. Secrets are 256 random bits, so a fast SHA-256 of each is what is stored (a slow
 * password hash guards guessable passwords; these are not guessable). Lookups are served from memory.
 */
public final class ClaimStore {

    private static final String SELECT_ALL = "SELECT user, secret_sha256 FROM claims";
    private static final String INSERT = "INSERT OR IGNORE INTO claims (user, secret_sha256, created) VALUES (?, ?, ?)";
    private static final String DELETE = "DELETE FROM claims WHERE user = ?";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    private ClaimStore(Database database) {
        this.database = database;
    }

    /** Loads the claims of a database. */
    public static ClaimStore open(Database database) throws SQLException {
        var store = new ClaimStore(database);
        for (var claim : database.query(SELECT_ALL, rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
            store.hashes.put(claim.getKey(), claim.getValue());
        }
        return store;
    }

    /**
     * Claims a name.
     *
     * @return the new secret, or empty when the name is already claimed
     */
    public synchronized Optional<String> claim(String user) {
        if (hashes.containsKey(user)) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(secret);
        try {
            if (database.update(INSERT, user, hash, System.currentTimeMillis()) == 0) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the claim: " + e.getMessage(), e);
        }
        hashes.put(user, hash);
        return Optional.of(secret);
    }

    public boolean isClaimed(String user) {
        return hashes.containsKey(user);
    }

    /** Every claimed name, sorted. */
    public java.util.List<String> names() {
        return hashes.keySet().stream().sorted().toList();
    }

    /** Whether {@code secret} is the secret of the claimed name {@code user}. */
    public boolean verify(String user, String secret) {
        String expected = hashes.get(user);
        if (expected == null || secret == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sha256(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** Releases a claim; the name is free again. */
    public synchronized boolean release(String user) {
        try {
            database.update(DELETE, user);
        } catch (SQLException e) {
            throw new IllegalStateException("could not release the claim: " + e.getMessage(), e);
        }
        return hashes.remove(user) != null;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
