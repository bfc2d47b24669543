package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Rooms' display names ("Q3 plans" for {@code k7x2m9q4w8r5t}), kept in {@code room_names} and served from memory. A
 * room without one is shown by its id. Who may set one is the caller's business (the REST routes); the rules of a
 * name are {@link chat.parley.chat.Names#roomNameProblem}. With several nodes on one PostgreSQL each change is
 * announced and every node reads that room's name anew ({@link CachedTable}). Every change made here is told to
 * the listeners ({@link #onChange}) with the room; another node's are not (its node tells).
 */
public final class RoomNames {

    static final String TABLE = "room_names";

    private static final String SELECT_ALL = "SELECT room, name FROM room_names";
    private static final String SELECT_ONE = "SELECT name FROM room_names WHERE room = ?";
    private static final String UPSERT = "INSERT INTO room_names (room, name, set_by, updated) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (room) DO UPDATE SET name = excluded.name, set_by = excluded.set_by, "
            + "updated = excluded.updated";
    private static final String DELETE = "DELETE FROM room_names WHERE room = ?";

    private final CachedTable names;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private RoomNames(CachedTable names) {
        this.names = names;
    }

    /** Loads the names of a database, and from then on hears other nodes' changes to them. */
    public static RoomNames open(SqlStore database) throws SQLException {
        return new RoomNames(CachedTable.open(database, TABLE, SELECT_ALL, SELECT_ONE, "room names"));
    }

    /** Called with the room whose name changed, once it is stored. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The room's display name, if it has one. */
    public Optional<String> of(String room) {
        return names.get(room);
    }

    /** Every named room with its name. */
    public Map<String, String> all() {
        return names.all();
    }

    /**
     * Names a room ({@code name} already checked), or takes its name away ({@code null}); false when that changes
     * nothing.
     */
    public boolean set(String room, String name, String by) {
        synchronized (names) { // no reload between the check, the write and the memory's update
            if (java.util.Objects.equals(names.get(room).orElse(null), name)) {
                return false;
            }
            try {
                if (name == null) {
                    names.update(room, DELETE, room);
                } else {
                    names.update(room, UPSERT, room, name, by, System.currentTimeMillis());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not store the room's name: " + e.getMessage(), e);
            }
            if (name == null) {
                names.remove(room);
            } else {
                names.put(room, name);
            }
            listeners.forEach(listener -> listener.accept(room));
            return true;
        }
    }
}
