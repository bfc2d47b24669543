package chat.parley.accounts;

import chat.parley.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Invite-only rooms and their members, kept in {@code parley.db} and served from memory (the broker asks on every
 * delivery). Only this server writes them.
 */
public final class PrivateRooms {

    private static final String SELECT_MEMBERS = "SELECT room, user FROM room_members";
    private static final String INSERT_ROOM =
            "INSERT OR IGNORE INTO private_rooms (room, owner, created) VALUES (?, ?, ?)";
    private static final String INSERT_MEMBER = "INSERT OR IGNORE INTO room_members (room, user) VALUES (?, ?)";
    private static final String DELETE_MEMBER = "DELETE FROM room_members WHERE room = ? AND user = ?";

    private final Database database;
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

    private PrivateRooms(Database database) {
        this.database = database;
    }

    /** Loads the private rooms of a database. */
    public static PrivateRooms open(Database database) throws SQLException {
        var rooms = new PrivateRooms(database);
        try (Connection c = database.connect(true); PreparedStatement st = c.prepareStatement(SELECT_MEMBERS);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rooms.members.computeIfAbsent(rs.getString(1), r -> ConcurrentHashMap.newKeySet()).add(rs.getString(2));
            }
        }
        return rooms;
    }

    public boolean isPrivate(String room) {
        return members.containsKey(room);
    }

    public boolean isMember(String room, String user) {
        Set<String> set = members.get(room);
        return set != null && set.contains(user);
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
        try (Connection c = database.connect(false)) {
            c.setAutoCommit(false);
            try (PreparedStatement room1 = c.prepareStatement(INSERT_ROOM);
                 PreparedStatement member = c.prepareStatement(INSERT_MEMBER)) {
                room1.setString(1, room);
                room1.setString(2, owner);
                room1.setLong(3, System.currentTimeMillis());
                room1.executeUpdate();
                member.setString(1, room);
                member.setString(2, owner);
                member.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the private room: " + e.getMessage(), e);
        }
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.add(owner);
        members.put(room, set);
        return true;
    }

    /** Adds a member; false when they already were one. */
    public synchronized boolean invite(String room, String user) {
        if (!members.containsKey(room) || isMember(room, user)) {
            return false;
        }
        write(INSERT_MEMBER, room, user);
        members.get(room).add(user);
        return true;
    }

    /** Removes a member (the room stays private, even with nobody left in it); false when they were none. */
    public synchronized boolean remove(String room, String user) {
        if (!isMember(room, user)) {
            return false;
        }
        write(DELETE_MEMBER, room, user);
        members.get(room).remove(user);
        return true;
    }

    private void write(String sql, String room, String user) {
        try (Connection c = database.connect(false); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, room);
            st.setString(2, user);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change room members: " + e.getMessage(), e);
        }
    }
}
