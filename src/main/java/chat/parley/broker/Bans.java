package chat.parley.broker;

import chat.parley.chat.AdminRemoval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client ids and users an admin has banned for a while (in memory: a restart lifts every ban). A kicked client with
 * auto-reconnect would otherwise be back within a second.
 */
public final class Bans {

    private final Map<String, Instant> until = new ConcurrentHashMap<>();
    private final Clock clock;

    public Bans(Clock clock) {
        this.clock = clock;
    }

    /**
     * Bans a client id, and the user it authenticated as when there is one, for {@code duration}.
     *
     * @return when the ban of this client id now ends (a longer earlier ban is kept)
     */
    public Instant ban(String clientId, String user, Duration duration) {
        Instant end = AdminRemoval.roundUp(clock.instant().plus(duration));
        Instant clientEnd = until.merge(clientKey(clientId), end, Bans::later);
        if (user != null) {
            until.merge(userKey(user), end, Bans::later);
        }
        return clientEnd;
    }

    /** When the ban on this client id or user ends, if either is banned now. */
    public Optional<Instant> bannedUntil(String clientId, String user) {
        Instant now = clock.instant();
        Instant end = later(active(clientKey(clientId), now), user == null ? null : active(userKey(user), now));
        return Optional.ofNullable(end);
    }

    private Instant active(String key, Instant now) {
        Instant end = until.get(key);
        if (end != null && !end.isAfter(now)) {
            until.remove(key, end);
            return null;
        }
        return end;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String clientKey(String clientId) {
        return "client:" + clientId;
    }

    private static String userKey(String user) {
        return "user:" + user;
    }
}
