package chat.parley.accounts;

import chat.parley.db.Database;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms their creator marked unlisted, kept in {@code parley.db} and served from memory (the broker asks on deliveries
 * of room topics). A room can be marked by a signed-in user before its first message, which makes that user its
 * creator; only the creator changes it afterwards. Only this server writes the table, through the database's writer
 * (marking is rare).
 */
public final class UnlistedRooms {

    private final Map<String, String> creators = new ConcurrentHashMap<>();
    private final Database database;

    private UnlistedRooms(Database database) {
        this.database = database;
    }

    /** Loads the marked rooms of a database. */
    public static UnlistedRooms open(Database database) throws SQLException {
        var rooms = new UnlistedRooms(database);
        for (var room : database.query("SELECT room, creator FROM unlisted_rooms",
                rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
            rooms.creators.put(room.getKey(), room.getValue());
        }
        return rooms;
    }

    public boolean isMarked(String room) {
        return creators.containsKey(room);
    }

    /** The user who marked the room, if it is marked. */
    public Optional<String> creator(String room) {
        return Optional.ofNullable(creators.get(room));
    }

    /** Every marked room. */
    public Set<String> all() {
        return Set.copyOf(creators.keySet());
    }

    /** Marks a room unlisted with {@code creator} as the one who may change it; false when it already is. */
    public synchronized boolean mark(String room, String creator) {
        if (creators.containsKey(room)) {
            return false;
        }
        update("INSERT OR IGNORE INTO unlisted_rooms (room, creator, created) VALUES (?, ?, ?)", room, creator,
                System.currentTimeMillis());
        creators.put(room, creator);
        return true;
    }

    /** Lists a room again; false when it was not marked. */
    public synchronized boolean unmark(String room) {
        if (!creators.containsKey(room)) {
            return false;
        }
        update("DELETE FROM unlisted_rooms WHERE room = ?", room);
        creators.remove(room);
        return true;
    }

    private void update(String sql, Object... values) {
        try {
            database.update(sql, values);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the room's listing: " + e.getMessage(), e);
        }
    }
}
