package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table of one value per room served from memory, for stores read far more often than changed (the broker asks on
 * deliveries). With several nodes on one PostgreSQL each change is announced and every node reads that room's row anew
 * ({@link SqlStore#onChanged}). The owner changes the table under this object's lock ({@code synchronized (table)}),
 * so no reload falls between its check, its write and its update of the memory.
 */
final class CachedTable {

    private final SqlStore database;
    private final String table;
    private final String selectAll;
    private final String selectOne;
    private final String what;
    private final Map<String, String> rows = new ConcurrentHashMap<>();

    private CachedTable(SqlStore database, String table, String selectAll, String selectOne, String what) {
        this.database = database;
        this.table = table;
        this.selectAll = selectAll;
        this.selectOne = selectOne;
        this.what = what;
    }

    /**
     * Loads {@code table} ({@code selectAll}: every room with its value; {@code selectOne}: the value of room
     * {@code ?}), and from then on hears other nodes' changes to it. {@code what} names the rows in errors.
     */
    static CachedTable open(SqlStore database, String table, String selectAll, String selectOne, String what)
            throws SQLException {
        var cache = new CachedTable(database, table, selectAll, selectOne, what);
        database.onChanged(table, cache::reload); // before loading: no change is missed in between
        cache.reload(null);
        return cache;
    }

    /** Reads one room's row anew, or every row ({@code null}). */
    synchronized void reload(String room) {
        try {
            if (room == null) {
                var all = database.query(selectAll, rs -> Map.entry(rs.getString(1), rs.getString(2)));
                var fresh = new HashMap<String, String>();
                all.forEach(entry -> fresh.put(entry.getKey(), entry.getValue()));
                rows.keySet().retainAll(fresh.keySet()); // never empty in between: readers see old or new
                rows.putAll(fresh);
                return;
            }
            database.query(selectOne, rs -> rs.getString(1), room).stream().findFirst()
                    .ifPresentOrElse(value -> rows.put(room, value), () -> rows.remove(room));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs one statement in a write transaction of its own that tells every node {@code room}'s row changed; returns
     * how many rows it changed. The memory is the caller's to update ({@link #put}, {@link #remove}).
     */
    int update(String room, String sql, Object... values) throws SQLException {
        return database.write(c -> {
            int changed = SqlStore.update(c, sql, values);
            database.changed(c, table, room);
            return changed;
        });
    }

    Optional<String> get(String room) {
        return Optional.ofNullable(rows.get(room));
    }

    boolean contains(String room) {
        return rows.containsKey(room);
    }

    Map<String, String> all() {
        return Map.copyOf(rows);
    }

    Set<String> rooms() {
        return Set.copyOf(rows.keySet());
    }

    void put(String room, String value) {
        rows.put(room, value);
    }

    void remove(String room) {
        rows.remove(room);
    }
}
