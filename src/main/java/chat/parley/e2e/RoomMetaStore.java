package chat.parley.e2e;

import chat.parley.db.SqlStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which rooms are end-to-end encrypted, and their meta, kept in {@code room_meta} and served from memory (the publish
 * interceptor asks for every message). A room's meta is set once and never changes, except that a room encrypted
 * before key check values existed may be given one, once ({@link #addCheck}). With several nodes on one PostgreSQL,
 * each change is announced and every node reads that room's meta anew ({@link SqlStore#onChanged}); a room encrypted
 * on one node refuses plaintext on every node.
 */
public final class RoomMetaStore {

    static final String TABLE = "room_meta";

    private static final String SELECT_ALL = "SELECT meta FROM room_meta";
    private static final String SELECT_ONE = "SELECT meta FROM room_meta WHERE room = ?";
    private static final String INSERT =
            "INSERT INTO room_meta (room, meta, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    /**
     * The room's meta as it is, read inside the transaction that may add a check value: PostgreSQL locks the row so
     * two nodes cannot both add one; SQLite's transactions already run one at a time.
     */
    private static final String SELECT_FOR_CHECK = SELECT_ONE;
    private static final String SELECT_FOR_CHECK_LOCKED = SELECT_ONE + " FOR UPDATE";
    private static final String UPDATE = "UPDATE room_meta SET meta = ? WHERE room = ?";

    private final SqlStore database;
    private final ObjectMapper json;
    private final Map<String, RoomMeta> metas = new ConcurrentHashMap<>();
    private final List<Consumer<RoomMeta>> listeners = new CopyOnWriteArrayList<>();

    private RoomMetaStore(SqlStore database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /** Loads the meta of every encrypted room, and from then on hears other nodes' changes to them. */
    public static RoomMetaStore open(SqlStore database, ObjectMapper json) throws SQLException {
        var store = new RoomMetaStore(database, json);
        database.onChanged(TABLE, room -> {
            try {
                store.reload(room);
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the meta of room " + room + ": " + e.getMessage(), e);
            }
        });
        store.reload(null);
        return store;
    }

    /** Reads one room's meta anew, or every room's ({@code null}); metas are never deleted. */
    private synchronized void reload(String room) throws SQLException {
        List<String> texts = room == null ? database.query(SELECT_ALL, rs -> rs.getString(1))
                : database.query(SELECT_ONE, rs -> rs.getString(1), room);
        for (String text : texts) {
            RoomMeta meta = parse(text);
            metas.put(meta.room(), meta);
        }
    }

    private RoomMeta parse(String text) throws SQLException {
        try {
            return RoomMeta.fromJson(json.readTree(text));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable room meta: " + e.getOriginalMessage(), e);
        }
    }

    public boolean isEncrypted(String room) {
        return metas.containsKey(room);
    }

    public Optional<RoomMeta> get(String room) {
        return Optional.ofNullable(metas.get(room));
    }

    public List<RoomMeta> all() {
        return List.copyOf(metas.values());
    }

    /** Called with each new or changed meta once it is stored (the broker publishes it). */
    public void onChanged(Consumer<RoomMeta> listener) {
        listeners.add(listener);
    }

    /**
     * Stores a room's meta unless the room has one already.
     *
     * @return the room's meta: the new one, or the one it already had
     */
    public synchronized RoomMeta create(RoomMeta meta) {
        RoomMeta existing = metas.get(meta.room());
        if (existing != null) {
            return existing;
        }
        try {
            String text = json.writeValueAsString(meta.toJson(json));
            if (write(meta.room(), INSERT, meta.room(), text, meta.created()) == 0) {
                reload(meta.room()); // encrypted meanwhile on another node: that meta stays
                return metas.get(meta.room());
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not store the room meta: " + e.getMessage(), e);
        }
        metas.put(meta.room(), meta);
        listeners.forEach(listener -> listener.accept(meta));
        return meta;
    }

    /** What became of {@link #addCheck}. */
    public enum CheckOutcome {
        /** The room had no check value and has this one now. */
        ADDED,
        /** The room has this very check value already: nothing changed. */
        SAME,
        /** The room has another check value; it is kept (a check value is set once). */
        OTHER,
        /** The room is not encrypted. */
        NOT_ENCRYPTED
    }

    /**
     * Gives an encrypted room without a key check value this one: the first client that proved its key on the room's
     * messages writes it, and every later client is checked against it. Never replaces a check value.
     */
    public synchronized CheckOutcome addCheck(String room, String check) {
        RoomMeta existing = metas.get(room);
        if (existing == null) {
            return CheckOutcome.NOT_ENCRYPTED;
        }
        if (existing.check() != null) {
            return existing.check().equals(check) ? CheckOutcome.SAME : CheckOutcome.OTHER;
        }
        String select = database.dialect() == SqlStore.Dialect.POSTGRESQL ? SELECT_FOR_CHECK_LOCKED
                : SELECT_FOR_CHECK;
        Checked result;
        try {
            result = database.write(c -> {
                RoomMeta current = parse(SqlStore.query(c, select, rs -> rs.getString(1), room).get(0));
                if (current.check() != null) {
                    return new Checked(current, false); // given one meanwhile on another node: it stays
                }
                RoomMeta checked = current.withCheck(check);
                SqlStore.update(c, UPDATE, text(checked), room);
                database.changed(c, TABLE, room);
                return new Checked(checked, true);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the room meta: " + e.getMessage(), e);
        }
        metas.put(room, result.meta());
        if (!result.added()) {
            return result.meta().check().equals(check) ? CheckOutcome.SAME : CheckOutcome.OTHER;
        }
        listeners.forEach(listener -> listener.accept(result.meta()));
        return CheckOutcome.ADDED;
    }

    private record Checked(RoomMeta meta, boolean added) {
    }

    private String text(RoomMeta meta) throws SQLException {
        try {
            return json.writeValueAsString(meta.toJson(json));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write the room meta: " + e.getOriginalMessage(), e);
        }
    }

    private int write(String room, String sql, Object... args) throws SQLException {
        return database.write(c -> {
            int changed = SqlStore.update(c, sql, args);
            database.changed(c, TABLE, room);
            return changed;
        });
    }
}
