package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms their creator marked unlisted, kept in the database and served from memory (the broker asks on deliveries
 * of room topics). A room can be marked by a signed-in user before its first message, which makes that user its
 * creator; only the creator changes it afterwards. Marking is rare; with several nodes on one PostgreSQL each change
 * is announced and every node reads that room's row anew ({@link SqlStore#onChanged}).
 */
public final class UnlistedRooms {

    static final String TABLE = "unlisted_rooms";

    private static final String SELECT_ALL = "SELECT room, creator FROM unlisted_rooms";
    private static final String SELECT_ONE = "SELECT creator FROM unlisted_rooms WHERE room = ?";
    private static final String INSERT =
            "INSERT INTO unlisted_rooms (room, creator, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String DELETE = "DELETE FROM unlisted_rooms WHERE room = ?";

    private final Map<String, String> creators = new ConcurrentHashMap<>();
    private final SqlStore database;

    private UnlistedRooms(SqlStore database) {
        this.database = database;
    }

    /** Loads the marked rooms of a database, and from then on hears other nodes' changes to them. */
    public static UnlistedRooms open(SqlStore database) throws SQLException {
        var rooms = new UnlistedRooms(database);
        database.onChanged(TABLE, room -> rooms.reload(room));
        rooms.reload(null);
        return rooms;
    }

    /** Reads one room's row anew, or every row ({@code null}). */
    private synchronized void reload(String room) {
        try {
            if (room == null) {
                var all = database.query(SELECT_ALL, rs -> Map.entry(rs.getString(1), rs.getString(2)));
                var fresh = new java.util.HashMap<String, String>();
                all.forEach(entry -> fresh.put(entry.getKey(), entry.getValue()));
                creators.keySet().retainAll(fresh.keySet()); // never empty in between: readers see old or new
                creators.putAll(fresh);
                return;
            }
            database.query(SELECT_ONE, rs -> rs.getString(1), room).stream().findFirst()
                    .ifPresentOrElse(creator -> creators.put(room, creator), () -> creators.remove(room));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read unlisted rooms: " + e.getMessage(), e);
        }
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
        if (update(room, INSERT, room, creator, System.currentTimeMillis()) == 0) {
            reload(room); // marked meanwhile on another node
            return false;
        }
        creators.put(room, creator);
        return true;
    }

    /** Lists a room again; false when it was not marked. */
    public synchronized boolean unmark(String room) {
        if (!creators.containsKey(room)) {
            return false;
        }
        if (update(room, DELETE, room) == 0) {
            reload(room);
            return false;
        }
        creators.remove(room);
        return true;
    }

    private int update(String room, String sql, Object... values) {
        try {
            return database.write(c -> {
                int changed = SqlStore.update(c, sql, values);
                database.changed(c, TABLE, room);
                return changed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the room's listing: " + e.getMessage(), e);
        }
    }
}
