package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Rooms' display names ("Q3 plans" for {@code k7x2m9q4w8r5t}), kept in {@code room_names} and served from memory. A
 * room without one is shown by its id. Who may set one is the caller's business (the REST routes); the rules of a
 * name are {@link chat.parley.chat.Names#roomNameProblem}. With several nodes on one PostgreSQL each change is
 * announced and every node reads that room's name anew ({@link SqlStore#onChanged}). Every change made here is told to
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

    private final SqlStore database;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private RoomNames(SqlStore database) {
        this.database = database;
    }

    /** Loads the names of a database, and from then on hears other nodes' changes to them. */
    public static RoomNames open(SqlStore database) throws SQLException {
        var names = new RoomNames(database);
        database.onChanged(TABLE, names::reload);
        names.reload(null);
        return names;
    }

    /** Reads one room's name anew, or every name ({@code null}). */
    private synchronized void reload(String room) {
        try {
            if (room == null) {
                var all = database.query(SELECT_ALL, rs -> Map.entry(rs.getString(1), rs.getString(2)));
                var fresh = new java.util.HashMap<String, String>();
                all.forEach(entry -> fresh.put(entry.getKey(), entry.getValue()));
                names.keySet().retainAll(fresh.keySet()); // never empty in between: readers see old or new
                names.putAll(fresh);
                return;
            }
            database.query(SELECT_ONE, rs -> rs.getString(1), room).stream().findFirst()
                    .ifPresentOrElse(name -> names.put(room, name), () -> names.remove(room));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read room names: " + e.getMessage(), e);
        }
    }

    /** Called with the room whose name changed, once it is stored. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The room's display name, if it has one. */
    public Optional<String> of(String room) {
        return Optional.ofNullable(names.get(room));
    }

    /** Every named room with its name. */
    public Map<String, String> all() {
        return Map.copyOf(names);
    }

    /**
     * Names a room ({@code name} already checked), or takes its name away ({@code null}); false when that changes
     * nothing.
     */
    public synchronized boolean set(String room, String name, String by) {
        if (java.util.Objects.equals(names.get(room), name)) {
            return false;
        }
        try {
            database.write(c -> {
                if (name == null) {
                    SqlStore.update(c, DELETE, room);
                } else {
                    SqlStore.update(c, UPSERT, room, name, by, System.currentTimeMillis());
                }
                database.changed(c, TABLE, room);
                return null;
            });
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
