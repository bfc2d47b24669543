package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Invite-only rooms, their owners (who made them) and members, kept in the database and served from memory (the
 * broker asks on every delivery). Changes are rare. With several nodes on one PostgreSQL, each change is announced
 * in its transaction and every node reads that room's rows anew once it commits ({@link SqlStore#onChanged}); a
 * node never changes the memory of a room before the database did. Every change made here is told to the listeners
 * ({@link #onChange}) once it is stored, in the order it happened; another node's changes are not (its node tells).
 */
public final class PrivateRooms {

    /** The table name changes are announced under. */
    static final String TABLE = "private_rooms";

    private static final String SELECT_OWNERS = "SELECT room, owner FROM private_rooms";
    private static final String SELECT_MEMBERS = "SELECT room, \"user\" FROM room_members";
    private static final String SELECT_OWNER = "SELECT owner FROM private_rooms WHERE room = ?";
    private static final String SELECT_MEMBERS_OF = "SELECT \"user\" FROM room_members WHERE room = ?";
    private static final String INSERT_ROOM =
            "INSERT INTO private_rooms (room, owner, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_MEMBER =
            "INSERT INTO room_members (room, \"user\") VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String DELETE_MEMBER = "DELETE FROM room_members WHERE room = ? AND \"user\" = ?";

    private final SqlStore database;
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final List<Consumer<MembershipChange>> listeners = new CopyOnWriteArrayList<>();

    private PrivateRooms(SqlStore database) {
        this.database = database;
    }

    /** Loads the private rooms of a database, and from then on hears other nodes' changes to them. */
    public static PrivateRooms open(SqlStore database) throws SQLException {
        var rooms = new PrivateRooms(database);
        database.onChanged(TABLE, room -> { // before loading: no change is missed in between
            if (room == null) {
                rooms.loadAll();
            } else {
                rooms.reload(room);
            }
        });
        rooms.loadAll();
        return rooms;
    }

    private synchronized void loadAll() {
        try {
            var owned = new java.util.HashMap<String, String>();
            var all = new java.util.HashMap<String, Set<String>>();
            database.read(c -> {
                try (PreparedStatement st = c.prepareStatement(SELECT_OWNERS); ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        owned.put(rs.getString(1), rs.getString(2));
                        all.computeIfAbsent(rs.getString(1), r -> ConcurrentHashMap.newKeySet());
                    }
                }
                try (PreparedStatement st = c.prepareStatement(SELECT_MEMBERS); ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        all.computeIfAbsent(rs.getString(1), r -> ConcurrentHashMap.newKeySet()).add(rs.getString(2));
                    }
                }
                return null;
            });
            owners.keySet().retainAll(owned.keySet());
            owners.putAll(owned);
            members.keySet().retainAll(all.keySet());
            members.putAll(all);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read private rooms: " + e.getMessage(), e);
        }
    }

    /** Reads one room's owner and members anew (another node changed them). */
    private synchronized void reload(String room) {
        try {
            var owner = database.query(SELECT_OWNER, rs -> rs.getString(1), room).stream().findFirst();
            List<String> now = database.query(SELECT_MEMBERS_OF, rs -> rs.getString(1), room);
            if (owner.isEmpty()) {
                owners.remove(room);
                members.remove(room);
                return;
            }
            Set<String> set = ConcurrentHashMap.newKeySet();
            set.addAll(now);
            owners.put(room, owner.get());
            members.put(room, set);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read private room " + room + ": " + e.getMessage(), e);
        }
    }

    /** Called with each change once it is stored; on the thread that made it. */
    public void onChange(Consumer<MembershipChange> listener) {
        listeners.add(listener);
    }

    public boolean isPrivate(String room) {
        return members.containsKey(room);
    }

    public boolean isMember(String room, String user) {
        Set<String> set = members.get(room);
        return set != null && set.contains(user);
    }

    /** Who made the room: the one member who may remove others. Empty for a public room. */
    public Optional<String> owner(String room) {
        return Optional.ofNullable(owners.get(room));
    }

    /** The members of a private room, sorted; empty for a public room. */
    public List<String> members(String room) {
        return members.getOrDefault(room, Set.of()).stream().sorted().toList();
    }

    /** Every private room. */
    public Set<String> all() {
        return Set.copyOf(members.keySet());
    }

    /** The private rooms {@code user} is a member of, sorted. */
    public List<String> roomsOf(String user) {
        return members.entrySet().stream().filter(e -> e.getValue().contains(user)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** Makes {@code room} private with {@code owner} as its first member; false when it already is. */
    public synchronized boolean create(String room, String owner) {
        if (members.containsKey(room)) {
            return false;
        }
        boolean made;
        try {
            made = database.write(c -> { // one transaction: a room never exists without its owner as a member
                if (SqlStore.update(c, INSERT_ROOM, room, owner, System.currentTimeMillis()) == 0) {
                    return false; // made meanwhile on another node
                }
                SqlStore.update(c, INSERT_MEMBER, room, owner);
                database.changed(c, TABLE, room);
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the private room: " + e.getMessage(), e);
        }
        if (!made) {
            reload(room);
            return false;
        }
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.add(owner);
        owners.put(room, owner);
        members.put(room, set);
        tell(room, owner, MembershipChange.Kind.CREATED, owner);
        return true;
    }

    /** {@code by} adds a member; false when they already were one (or the room is not private). */
    public synchronized boolean invite(String room, String user, String by) {
        if (!members.containsKey(room) || isMember(room, user)) {
            return false;
        }
        if (write(INSERT_MEMBER, room, user) == 0) {
            reload(room); // invited meanwhile on another node
            return false;
        }
        members.get(room).add(user);
        tell(room, user, MembershipChange.Kind.INVITED, by);
        return true;
    }

    /**
     * {@code by} removes a member (themselves, or the owner anyone); the room stays private, even with nobody left in
     * it. False when they were none.
     */
    public synchronized boolean remove(String room, String user, String by) {
        if (!isMember(room, user)) {
            return false;
        }
        if (write(DELETE_MEMBER, room, user) == 0) {
            reload(room); // removed meanwhile on another node
            return false;
        }
        members.get(room).remove(user);
        tell(room, user, MembershipChange.Kind.REMOVED, by);
        return true;
    }

    private void tell(String room, String user, MembershipChange.Kind kind, String by) {
        var change = new MembershipChange(room, user, kind, by, members(room), owners.get(room));
        listeners.forEach(listener -> listener.accept(change));
    }

    private int write(String sql, String room, String user) {
        try {
            return database.write(c -> {
                int changed = SqlStore.update(c, sql, room, user);
                database.changed(c, TABLE, room);
                return changed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not change room members: " + e.getMessage(), e);
        }
    }
}
