package chat.parley.accounts;

import chat.parley.config.AuthMode;

import java.util.Optional;

/**
 * The one place that decides who may read and write a room, used by the broker (subscriptions, deliveries,
 * publishes) and by the REST API (history, search, export). A room key is a room id or {@code dm:a:b}.
 * <ul>
 *   <li>direct messages: only their two users;</li>
 *   <li>private rooms: only their members;</li>
 *   <li>other rooms: everyone in {@code auth: open}; every signed-in user in {@code auth: accounts}.</li>
 * </ul>
 * {@code user} is empty for an anonymous client.
 */
public final class RoomAccess {

    private final AuthMode mode;
    private final PrivateRooms privateRooms;
    private final UnlistedRooms unlistedRooms;

    public RoomAccess(AuthMode mode, PrivateRooms privateRooms, UnlistedRooms unlistedRooms) {
        this.mode = mode;
        this.privateRooms = privateRooms;
        this.unlistedRooms = unlistedRooms;
    }

    public boolean mayRead(String roomKey, Optional<String> user) {
        return refusal(roomKey, user).isEmpty();
    }

    public boolean mayWrite(String roomKey, Optional<String> user) {
        return refusal(roomKey, user).isEmpty();
    }

    /** Why {@code user} may not use the room, if they may not. */
    public Optional<String> refusal(String roomKey, Optional<String> user) {
        if (roomKey.startsWith("dm:")) {
            String[] users = roomKey.substring(3).split(":", -1);
            boolean party = user.isPresent() && users.length == 2
                    && (users[0].equals(user.get()) || users[1].equals(user.get()));
            return party ? Optional.empty() : Optional.of("only " + String.join(" and ", users)
                    + " may use their direct messages");
        }
        if (privateRooms.isPrivate(roomKey)) {
            return user.isPresent() && privateRooms.isMember(roomKey, user.get()) ? Optional.empty()
                    : Optional.of("room '" + roomKey + "' is private: only its members may use it");
        }
        if (mode == AuthMode.ACCOUNTS && user.isEmpty()) {
            return Optional.of("sign in to use room '" + roomKey + "'");
        }
        return Optional.empty();
    }

    /**
     * Whether a room is unlisted: reachable only by those who name it (its id is its invitation) or belong to it. A
     * room with a random id as the clients make them (13 characters of lower-case base32, 65 random bits) is unlisted
     * from its first message; so are rooms their creator marked ({@link UnlistedRooms}), direct messages and private
     * rooms (which also need membership). A person's
     * 13-letter name such as {@code announcements} looks like a random id and is unlisted too: harmless, since whoever
     * joined it by name still names it.
     */
    public boolean isUnlisted(String roomKey) {
        return RANDOM_ID.matcher(roomKey).matches() || unlistedRooms.isMarked(roomKey) || roomKey.startsWith("dm:")
                || privateRooms.isPrivate(roomKey);
    }

    /** The shape of the clients' random room ids. */
    private static final java.util.regex.Pattern RANDOM_ID = java.util.regex.Pattern.compile("[a-z2-7]{13}");
    /** The same shape as an SQLite GLOB pattern. */
    private static final String RANDOM_ID_GLOB = "[a-z2-7]".repeat(13);

    /**
     * Where {@code user} may search: listed rooms they may read, their own DMs and private rooms, and the unlisted
     * rooms they name ({@code named}: the rooms they have joined, whose ids are their invitations).
     */
    public chat.parley.history.SearchScope searchScope(Optional<String> user, java.util.Set<String> named) {
        var hidden = new java.util.HashSet<>(privateRooms.all());
        user.ifPresent(u -> hidden.removeAll(privateRooms.roomsOf(u)));
        unlistedRooms.all().stream().filter(room -> !named.contains(room)).forEach(hidden::add);
        return new chat.parley.history.SearchScope(false, user.orElse(null), named, hidden, RANDOM_ID_GLOB);
    }

    /** Whether this server has accounts. */
    public boolean accountsMode() {
        return mode == AuthMode.ACCOUNTS;
    }

    public UnlistedRooms unlistedRooms() {
        return unlistedRooms;
    }

    public PrivateRooms privateRooms() {
        return privateRooms;
    }
}
