package chat.parley.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long chat history is kept: globally, and per room where a room overrides it. A zero age or count means
 * "no limit".
 *
 * @param maxAge      delete messages older than this ({@link Duration#ZERO}: keep forever)
 * @param maxMessages keep at most this many messages per room (0: unlimited)
 * @param rooms       per-room overrides, by room id
 */
public record Retention(Duration maxAge, int maxMessages, Map<String, Limits> rooms) {

    /** One room's (or the global) limits. */
    public record Limits(Duration maxAge, int maxMessages) {
        public Limits {
            Objects.requireNonNull(maxAge, "maxAge must not be null.");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative.");
            }
            if (maxMessages < 0) {
                throw new IllegalArgumentException("maxMessages must not be negative.");
            }
        }

        public boolean unlimited() {
            return maxAge.isZero() && maxMessages == 0;
        }
    }

    public Retention {
        Objects.requireNonNull(maxAge, "maxAge must not be null.");
        rooms = Map.copyOf(rooms);
        new Limits(maxAge, maxMessages);
    }

    /** Keep everything forever. */
    public static Retention unlimited() {
        return new Retention(Duration.ZERO, 0, Map.of());
    }

    /** The limits that apply to a room: its override, else the global ones. */
    public Limits forRoom(String room) {
        return rooms.getOrDefault(room, new Limits(maxAge, maxMessages));
    }
}
