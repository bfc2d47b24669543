package chat.parley.accounts;

import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.db.SqlStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Who is who, in one place for the broker and the web server: claims ({@code auth: open}) or accounts
 * ({@code auth: accounts}), bots, sessions, the login limiter, private rooms, room names and the room access rules.
 */
public final class Accounts {

    private final ParleyConfig.Access access;
    private final AuthMode mode;
    private final ClaimStore claims;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginLimiter limiter;
    private final RoomAccess rooms;
    private final BotStore bots;
    private final RoomNames roomNames;

    private Accounts(ParleyConfig config, ClaimStore claims, UserStore users, SessionStore sessions,
                     LoginLimiter limiter, RoomAccess rooms, BotStore bots, RoomNames roomNames) {
        this.access = config.access();
        this.mode = config.auth();
        this.claims = claims;
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.rooms = rooms;
        this.bots = bots;
        this.roomNames = roomNames;
    }

    /** Opens everything identity needs from the database. */
    public static Accounts open(ParleyConfig config, SqlStore database, MeterRegistry registry) throws SQLException {
        Clock clock = Clock.systemUTC();
        return new Accounts(config, ClaimStore.open(database), new UserStore(database),
                new SessionStore(database, clock),
                new LoginLimiter(clock, registry), new RoomAccess(config.auth(), PrivateRooms.open(database),
                UnlistedRooms.open(database)), new BotStore(database), RoomNames.open(database));
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

    /** Bot accounts. */
    public BotStore bots() {
        return bots;
    }

    /**
     * Why {@code name} cannot become a bot, or {@code null} when it can: it must not be an account or a claimed name
     * (a bot's messages would pass for that person's, and that person could sign in as the bot).
     */
    public String botNameProblem(String name) {
        if (users.exists(name)) {
            return "'" + name + "' is an account's name";
        }
        if (claims.isClaimed(name)) {
            return "'" + name + "' is a claimed name";
        }
        return null;
    }

    public PrivateRooms privateRooms() {
        return rooms.privateRooms();
    }

    /** Rooms' display names. */
    public RoomNames roomNames() {
        return roomNames;
    }

    /**
     * Whether {@code secret} proves {@code user}: in {@code auth: accounts} the account's password; in
     * {@code auth: open} the claimed name's secret (an unclaimed name proves nothing); a bot's name, its live token
     * only. Otherwise a live session token of that user also does (that is how the browser connects to MQTT without
     * keeping the password).
     */
    public boolean proves(String user, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        if (bots.find(user).isPresent()) { // a bot's name is proved by its token and nothing else
            return bots.byToken(secret).filter(bot -> bot.name().equals(user)).isPresent();
        }
        if (sessions.user(secret).filter(user::equals).isPresent()) {
            return mode != AuthMode.ACCOUNTS || users.exists(user);
        }
        return mode == AuthMode.ACCOUNTS ? users.verify(user, secret) : claims.verify(user, secret);
    }

    /**
     * Whether a connection giving this name needs a secret: every name with accounts, a claimed one without, a bot's
     * always (its token).
     */
    public boolean needsSecret(String user) {
        return mode == AuthMode.ACCOUNTS || claims.isClaimed(user) || bots.find(user).isPresent();
    }

    /** The user of a session token, if it is live (and, with accounts, the account still exists). */
    public Optional<String> sessionUser(String token) {
        if (token != null && token.startsWith(BotStore.TOKEN_PREFIX)) {
            return Optional.empty(); // a bot token, never a session's
        }
        // A bot does not sign in: its token is the only thing that speaks as it, and marks what it says as a bot's.
        return sessions.user(token).filter(user -> mode != AuthMode.ACCOUNTS || users.exists(user))
                .filter(user -> bots.find(user).isEmpty());
    }

    /** Whether {@code name} is a bot's, so no account or claim may take it. */
    public boolean isBot(String name) {
        return bots.find(name).isPresent();
    }
}
