package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Claimed user names ({@code auth: open}). Claiming a free name returns a secret once; from then on that name needs
 * the secret as its password. Secrets are 256 random bits, so a fast SHA-256 of each is what is stored (a slow
 * password hash guards guessable passwords; these are not guessable). Every lookup reads the database (one indexed
 * row on a pooled connection): with several nodes on one PostgreSQL, a name claimed on one needs its secret on all
 * of them at once, with no window in which a copy in memory says it is free.
 */
public final class ClaimStore {

    private static final String SELECT_NAMES = "SELECT \"user\" FROM claims";
    private static final String SELECT_HASH = "SELECT secret_sha256 FROM claims WHERE \"user\" = ?";
    private static final String INSERT = "INSERT INTO claims (\"user\", secret_sha256, created) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String DELETE = "DELETE FROM claims WHERE \"user\" = ?";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqlStore database;

    private ClaimStore(SqlStore database) {
        this.database = database;
    }

    /** The claims of a (migrated) database. */
    public static ClaimStore open(SqlStore database) {
        return new ClaimStore(database);
    }

    /**
     * Claims a name.
     *
     * @return the new secret, or empty when the name is already claimed
     */
    public Optional<String> claim(String user) {
        if (isClaimed(user)) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(secret);
        try {
            if (database.update(INSERT, user, hash, System.currentTimeMillis()) == 0) {
                return Optional.empty(); // claimed meanwhile, here or on another node
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the claim: " + e.getMessage(), e);
        }
        return Optional.of(secret);
    }

    public boolean isClaimed(String user) {
        return hashOf(user) != null;
    }

    /** Every claimed name, sorted. */
    public List<String> names() {
        try {
            return database.query(SELECT_NAMES, rs -> rs.getString(1)).stream().sorted().toList();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read claims: " + e.getMessage(), e);
        }
    }

    /** Whether {@code secret} is the secret of the claimed name {@code user}. */
    public boolean verify(String user, String secret) {
        String expected = hashOf(user);
        if (expected == null || secret == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sha256(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** Releases a claim; the name is free again. */
    public boolean release(String user) {
        try {
            return database.update(DELETE, user) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not release the claim: " + e.getMessage(), e);
        }
    }

    /** The stored hash of the name's secret, or null when it is not claimed. */
    private String hashOf(String user) {
        if (user == null) {
            return null;
        }
        try {
            return database.query(SELECT_HASH, rs -> rs.getString(1), user).stream().findFirst().orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read claims: " + e.getMessage(), e);
        }
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
