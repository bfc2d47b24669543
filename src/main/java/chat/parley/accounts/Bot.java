package chat.parley.accounts;

import chat.parley.chat.Names;

import java.util.List;
import java.util.Objects;

/**
 * A bot account: a name that programs post as (their messages carry {@code bot: true}), over HTTP with its token, over
 * MQTT with the token as password, or through an incoming webhook.
 *
 * @param name     the name its messages are stamped with (user-name syntax)
 * @param rooms    the room ids it may post to; empty for any room its name may use
 * @param created  when it was made, ms since the epoch
 * @param hasToken whether it has a live token (false after a revocation, or for a bot that only speaks through hooks)
 */
public record Bot(String name, List<String> rooms, long created, boolean hasToken) {

    public Bot {
        Objects.requireNonNull(name, "name must not be null.");
        rooms = List.copyOf(rooms);
    }

    /**
     * Whether its room limits let it post to {@code roomKey}; its own direct messages are always allowed (it may answer
     * whoever writes to it). Who may use the room at all is {@link RoomAccess}'s decision.
     */
    public boolean mayPostIn(String roomKey) {
        return rooms.isEmpty() || rooms.contains(roomKey) || isOwnDirectMessages(roomKey);
    }

    private boolean isOwnDirectMessages(String roomKey) {
        String[] parts = roomKey.split(":", -1);
        return parts.length == 3 && parts[0].equals("dm") && (parts[1].equals(name) || parts[2].equals(name));
    }

    /** Why it may not post to {@code roomKey}, or {@code null} when it may. */
    public String limitRefusal(String roomKey) {
        return mayPostIn(roomKey) ? null
                : "bot '" + name + "' may only post to " + String.join(", ", rooms) + " (its room limits)";
    }

    /** Room limits as they are stored: ids joined by commas, empty for none. */
    String roomsColumn() {
        return String.join(",", rooms);
    }

    /** Room limits from the stored column. */
    static List<String> parseRooms(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    /** Checks room limits given by the admin: room ids, no repeats. */
    public static List<String> requireRooms(List<String> rooms) {
        for (String room : rooms) {
            if (!Names.isRoom(room)) {
                throw new IllegalArgumentException("rooms: '" + room + "' is not a room id matching "
                        + Names.ROOM.pattern());
            }
        }
        return rooms.stream().distinct().toList();
    }
}
