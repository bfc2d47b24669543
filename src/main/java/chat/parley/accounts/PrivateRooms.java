package chat.parley.accounts;

import chat.parley.db.Database;

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
 * Invite-only rooms, their owners (who made them) and members, kept in {@code parley.db} and served from memory (the
 * broker asks on every delivery). Only this server writes them, through the database's writer (changes are rare).
 * Every change is told to the listeners ({@link #onChange}) once it is stored, in the order it happened.
 */
public final class PrivateRooms {

    private static final String SELECT_OWNERS = "SELECT room, owner FROM private_rooms";
    private static final String SELECT_MEMBERS = "SELECT room, user FROM room_members";
    private static final String INSERT_ROOM =
            "INSERT OR IGNORE INTO private_rooms (room, owner, created) VALUES (?, ?, ?)";
    private static final String INSERT_MEMBER = "INSERT OR IGNORE INTO room_members (room, user) VALUES (?, ?)";
    private static final String DELETE_MEMBER = "DELETE FROM room_members WHERE room = ? AND user = ?";

    private final Database database;
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final List<Consumer<MembershipChange>> listeners = new CopyOnWriteArrayList<>();

    private PrivateRooms(Database database) {
        this.database = database;
    }

    /** Loads the private rooms of a database. */
    public static PrivateRooms open(Database database) throws SQLException {
        var rooms = new PrivateRooms(database);
        database.read(c -> {
            try (PreparedStatement owners = c.prepareStatement(SELECT_OWNERS); ResultSet rs = owners.executeQuery()) {
                while (rs.next()) {
                    rooms.owners.put(rs.getString(1), rs.getString(2));
                    rooms.members.computeIfAbsent(rs.getString(1), r -> ConcurrentHashMap.newKeySet());
                }
            }
            try (PreparedStatement st = c.prepareStatement(SELECT_MEMBERS); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rooms.members.computeIfAbsent(rs.getString(1), r -> ConcurrentHashMap.newKeySet())
                            .add(rs.getString(2));
                }
            }
            return null;
        });
        return rooms;
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
        try {
            database.write(c -> { // one transaction: a room never exists without its owner as a member
                Database.update(c, INSERT_ROOM, room, owner, System.currentTimeMillis());
                return Database.update(c, INSERT_MEMBER, room, owner);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the private room: " + e.getMessage(), e);
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
        write(INSERT_MEMBER, room, user);
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
        write(DELETE_MEMBER, room, user);
        members.get(room).remove(user);
        tell(room, user, MembershipChange.Kind.REMOVED, by);
        return true;
    }

    private void tell(String room, String user, MembershipChange.Kind kind, String by) {
        var change = new MembershipChange(room, user, kind, by, members(room), owners.get(room));
        listeners.forEach(listener -> listener.accept(change));
    }

    private void write(String sql, String room, String user) {
        try {
            database.update(sql, room, user);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change room members: " + e.getMessage(), e);
        }
    }
}
