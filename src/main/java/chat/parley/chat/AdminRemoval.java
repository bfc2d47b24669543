package chat.parley.chat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a client removed by an administrator is told: the reason string of the DISCONNECT (0x98 Administrative action)
 * of a kick, and of the CONNACK (0x8A Banned) that refuses a banned client. A ban's end is the ISO-8601 instant that
 * ends the text ({@code banned by an administrator until 2026-12-02T10:42:00Z}), so clients read it back from the
 * reason string: MQTT.js passes neither a DISCONNECT's nor a refused CONNACK's user properties to the error it raises,
 * and HiveMQ's {@code disconnectClient} cannot set any. The web client parses the same format
 * ({@code web/src/removal.js}).
 */
public final class AdminRemoval {

    /** The reason string of a kick without a ban. */
    public static final String KICKED = "disconnected by an administrator";

    /** The CONNACK user property that also carries a ban's end (ISO-8601), for clients that read user properties. */
    public static final String BANNED_UNTIL_PROPERTY = "banned-until";

    private static final String BANNED = "banned by an administrator until ";

    private AdminRemoval() {
    }

    /** The reason string of a ban ending at {@code until}, rounded up to the second so it never ends early. */
    public static String banned(Instant until) {
        return BANNED + roundUp(until);
    }

    /** The instant a ban ends, rounded up to the whole second, as the clients are told it. */
    public static Instant roundUp(Instant until) {
        Instant seconds = until.truncatedTo(ChronoUnit.SECONDS);
        return seconds.equals(until) ? until : seconds.plusSeconds(1);
    }

    /** When the ban a reason string announces ends, or empty when it announces none. */
    public static Optional<Instant> bannedUntil(String reason) {
        if (reason == null || !reason.startsWith(BANNED)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(reason.substring(BANNED.length()).trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
