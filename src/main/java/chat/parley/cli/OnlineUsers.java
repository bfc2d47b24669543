package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who {@code /who} shows: the people in the joined rooms (the server's per-room digests on
 * {@code rooms/{room}/presence}) and the users whose own presence topic this client follows (its direct
 * conversations' partners; everyone's on a plain broker, where clients publish their own presence).
 */
final class OnlineUsers {

    private final Map<String, Set<String>> byRoom = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, String> byUser = new HashMap<>();

    /**
     * Applies a room's digest: a full list ({@code "full":true}) replaces what is known of the room; a change applies
     * only over a list of an older version (one sent before the list is already in it).
     */
    synchronized void roomDigest(String room, JsonNode digest) {
        long version = digest.path("v").asLong(-1);
        Set<String> users = byRoom.computeIfAbsent(room, r -> new HashSet<>());
        if (digest.path("full").asBoolean()) {
            users.clear();
            versions.put(room, version);
        } else if (version <= versions.getOrDefault(room, Long.MAX_VALUE)) {
            return;
        } else {
            versions.put(room, version);
        }
        digest.path("online").forEach(u -> users.add(u.asText()));
        digest.path("offline").forEach(u -> users.remove(u.asText()));
    }

    /** A user's own presence; {@code null} or {@code offline} forgets them. */
    synchronized void user(String user, String status) {
        if (status == null || status.equals("offline")) {
            byUser.remove(user);
        } else {
            byUser.put(user, status);
        }
    }

    /** The room was left: its people are no longer shown through it. */
    synchronized void leftRoom(String room) {
        byRoom.remove(room);
        versions.remove(room);
    }

    /** Forgets everything (before subscribing again after a reconnect, which sends it all anew). */
    synchronized void clear() {
        byRoom.clear();
        versions.clear();
        byUser.clear();
    }

    /** Everyone online, by name, with their status. */
    synchronized java.util.SortedMap<String, String> snapshot() {
        var online = new TreeMap<String, String>();
        byRoom.values().forEach(users -> users.forEach(u -> online.put(u, "online")));
        online.putAll(byUser);
        return online;
    }
}
