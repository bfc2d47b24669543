package chat.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions of the web API: a random 256-bit token per sign-in, sent back as the {@code parley_session}
 * cookie or an {@code Authorization: Bearer} header (and accepted as the MQTT password of its user, so the browser
 * never keeps the password). Only a SHA-256 of each token is held, in memory: a restart signs everyone out.
 */
public final class SessionStore {

    /** How long a session lasts after sign-in. */
    public static final Duration LIFETIME = Duration.ofDays(14);

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(String user, Instant expires) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public SessionStore(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session for {@code user} and returns its token (shown to the client once, never stored). */
    public String create(String user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(sha256(token), new Session(user, clock.instant().plus(LIFETIME)));
        return token;
    }

    /** The user of a live session, if {@code token} is one. */
    public Optional<String> user(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = sha256(token);
        Session session = sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(session.expires())) {
            sessions.remove(key);
            return Optional.empty();
        }
        return Optional.of(session.user());
    }

    /** Ends one session. */
    public void end(String token) {
        if (token != null) {
            sessions.remove(sha256(token));
        }
    }

    /** Ends every session of a user (password changed, account removed). */
    public void endAll(String user) {
        sessions.values().removeIf(session -> session.user().equals(user));
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
