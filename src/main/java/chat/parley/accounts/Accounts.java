package chat.parley.accounts;

import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.db.Database;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Who is who, in one place for the broker and the web server: claims ({@code auth: open}) or accounts
 * ({@code auth: accounts}), sessions, the login limiter, private rooms, room names and the room access rules.
 */
public final class Accounts implements AutoCloseable {

    private final ParleyConfig.Access access;
    private final AuthMode mode;
    private final ClaimStore claims;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginLimiter limiter;
    private final RoomAccess rooms;
    private final RoomNames roomNames;

    private Accounts(ParleyConfig config, ClaimStore claims, UserStore users, SessionStore sessions,
                     LoginLimiter limiter, RoomAccess rooms, RoomNames roomNames) {
        this.access = config.access();
        this.mode = config.auth();
        this.claims = claims;
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.rooms = rooms;
        this.roomNames = roomNames;
    }

    /** Opens everything identity needs from the database. */
    public static Accounts open(ParleyConfig config, Database database, MeterRegistry registry) throws SQLException {
        Clock clock = Clock.systemUTC();
        return new Accounts(config, ClaimStore.open(database), new UserStore(database),
                new SessionStore(database, clock),
                new LoginLimiter(clock, registry), new RoomAccess(config.auth(), PrivateRooms.open(database),
                UnlistedRooms.open(database)), RoomNames.open(database));
    }

    public AuthMode mode() {
        return mode;
    }

    public ParleyConfig.Access access() {
        return access;
    }

    public ClaimStore claims() {
        return claims;
    }

    public UserStore users() {
        return users;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public LoginLimiter limiter() {
        return limiter;
    }

    public RoomAccess rooms() {
        return rooms;
    }

    public PrivateRooms privateRooms() {
        return rooms.privateRooms();
    }

    /** Rooms' display names. */
    public RoomNames roomNames() {
        return roomNames;
    }

    /** Closes the connections of the room tables (unlisted, private, names). */
    @Override
    public void close() throws java.sql.SQLException {
        try (var names = roomNames; var members = rooms.privateRooms(); var unlisted = rooms.unlistedRooms()) {
            // each closes, last first, even if another fails
        }
    }

    /**
     * Whether {@code secret} proves {@code user}: in {@code auth: accounts} the account's password; in
     * {@code auth: open} the claimed name's secret (an unclaimed name proves nothing). Either way a live session
     * token of that user also does (that is how the browser connects to MQTT without keeping the password).
     */
    public boolean proves(String user, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        if (sessions.user(secret).filter(user::equals).isPresent()) {
            return mode != AuthMode.ACCOUNTS || users.exists(user);
        }
        return mode == AuthMode.ACCOUNTS ? users.verify(user, secret) : claims.verify(user, secret);
    }

    /** Whether a connection giving this name needs a secret: every name with accounts, a claimed one without. */
    public boolean needsSecret(String user) {
        return mode == AuthMode.ACCOUNTS || claims.isClaimed(user);
    }

    /** The user of a session token, if it is live (and, with accounts, the account still exists). */
    public Optional<String> sessionUser(String token) {
        return sessions.user(token).filter(user -> mode != AuthMode.ACCOUNTS || users.exists(user));
    }
}
