package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Signed-in sessions of the web API: a random 256-bit token per sign-in, sent back as the {@code parley_session}
 * cookie or an {@code Authorization: Bearer} header (and accepted as the MQTT password of its user, so the browser
 * never keeps the password). Only a SHA-256 of each token is stored, in the database ({@code parley.db}, or the
 * PostgreSQL every node shares, so a token made on one node works on all): sessions survive a restart, and
 * {@code parley user passwd|remove} beside a running server ends them.
 */
public final class SessionStore {

    /** How long a session lasts after sign-in. */
    public static final Duration LIFETIME = Duration.ofDays(14);

    private static final String INSERT = "INSERT INTO sessions (token_sha256, \"user\", expires) VALUES (?, ?, ?)";
    private static final String SELECT = "SELECT \"user\", expires FROM sessions WHERE token_sha256 = ?";
    private static final String DELETE = "DELETE FROM sessions WHERE token_sha256 = ?";
    private static final String DELETE_USER = "DELETE FROM sessions WHERE \"user\" = ?";
    private static final String DELETE_EXPIRED = "DELETE FROM sessions WHERE expires < ?";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqlStore database;
    private final Clock clock;

    public SessionStore(SqlStore database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Starts a session for {@code user} and returns its token (shown to the client once, never stored). */
    public String create(String user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        try {
            database.write(c -> {
                SqlStore.update(c, DELETE_EXPIRED, now);
                return SqlStore.update(c, INSERT, sha256(token), user, now + LIFETIME.toMillis());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not change sessions: " + e.getMessage(), e);
        }
        return token;
    }

    /** The user of a live session, if {@code token} is one. */
    public Optional<String> user(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = sha256(token);
        List<Session> found;
        try {
            found = database.query(SELECT, rs -> new Session(rs.getString(1), rs.getLong(2)), key);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sessions: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.get(0).expires() < clock.millis()) {
            update(DELETE, key); // after the read gave its connection back
            return Optional.empty();
        }
        return Optional.of(found.get(0).user());
    }

    private record Session(String user, long expires) {
    }

    /** Ends one session. */
    public void end(String token) {
        if (token != null) {
            update(DELETE, sha256(token));
        }
    }

    /** Ends every session of a user (password changed, account removed). */
    public void endAll(String user) {
        update(DELETE_USER, user);
    }

    private void update(String sql, Object... args) {
        try {
            database.update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change sessions: " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
