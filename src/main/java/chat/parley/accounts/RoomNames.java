package chat.parley.accounts;

import chat.parley.db.Database;

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
 * name are {@link chat.parley.chat.Names#roomNameProblem}. Only this server writes the table, through the database's
 * writer. Every change is told to the listeners ({@link #onChange}) with the room.
 */
public final class RoomNames {

    private static final String SELECT_ALL = "SELECT room, name FROM room_names";
    private static final String UPSERT = "INSERT INTO room_names (room, name, set_by, updated) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (room) DO UPDATE SET name = excluded.name, set_by = excluded.set_by, "
            + "updated = excluded.updated";
    private static final String DELETE = "DELETE FROM room_names WHERE room = ?";

    private final Database database;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private RoomNames(Database database) {
        this.database = database;
    }

    /** Loads the names of a database. */
    public static RoomNames open(Database database) throws SQLException {
        var names = new RoomNames(database);
        for (var name : database.query(SELECT_ALL, rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
            names.names.put(name.getKey(), name.getValue());
        }
        return names;
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
            if (name == null) {
                database.update(DELETE, room);
            } else {
                database.update(UPSERT, room, name, by, System.currentTimeMillis());
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
