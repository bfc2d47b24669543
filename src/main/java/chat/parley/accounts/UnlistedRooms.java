package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Rooms their creator marked unlisted, kept in the database and served from memory (the broker asks on deliveries
 * of room topics). A room can be marked by a signed-in user before its first message, which makes that user its
 * creator; only the creator changes it afterwards. Marking is rare; with several nodes on one PostgreSQL each change
 * is announced and every node reads that room's row anew ({@link CachedTable}).
 */
public final class UnlistedRooms {

    static final String TABLE = "unlisted_rooms";

    private static final String SELECT_ALL = "SELECT room, creator FROM unlisted_rooms";
    private static final String SELECT_ONE = "SELECT creator FROM unlisted_rooms WHERE room = ?";
    private static final String INSERT =
            "INSERT INTO unlisted_rooms (room, creator, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String DELETE = "DELETE FROM unlisted_rooms WHERE room = ?";

    private final CachedTable creators;

    private UnlistedRooms(CachedTable creators) {
        this.creators = creators;
    }

    /** Loads the marked rooms of a database, and from then on hears other nodes' changes to them. */
    public static UnlistedRooms open(SqlStore database) throws SQLException {
        return new UnlistedRooms(CachedTable.open(database, TABLE, SELECT_ALL, SELECT_ONE, "unlisted rooms"));
    }

    public boolean isMarked(String room) {
        return creators.contains(room);
    }

    /** The user who marked the room, if it is marked. */
    public Optional<String> creator(String room) {
        return creators.get(room);
    }

    /** Every marked room. */
    public Set<String> all() {
        return creators.rooms();
    }

    /** Marks a room unlisted with {@code creator} as the one who may change it; false when it already is. */
    public boolean mark(String room, String creator) {
        synchronized (creators) { // no reload between the check, the write and the memory's update
            if (creators.contains(room)) {
                return false;
            }
            if (update(room, INSERT, room, creator, System.currentTimeMillis()) == 0) {
                creators.reload(room); // marked meanwhile on another node
                return false;
            }
            creators.put(room, creator);
            return true;
        }
    }

    /** Lists a room again; false when it was not marked. */
    public boolean unmark(String room) {
        synchronized (creators) {
            if (!creators.contains(room)) {
                return false;
            }
            if (update(room, DELETE, room) == 0) {
                creators.reload(room);
                return false;
            }
            creators.remove(room);
            return true;
        }
    }

    private int update(String room, String sql, Object... values) {
        try {
            return creators.update(room, sql, values);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the room's listing: " + e.getMessage(), e);
        }
    }
}
