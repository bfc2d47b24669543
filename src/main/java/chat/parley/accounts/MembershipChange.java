package chat.parley.accounts;

import java.util.List;

/**
 * A change of a private room's members, as {@link PrivateRooms} tells its listeners once it is stored.
 *
 * @param room    the private room
 * @param user    who joined or left it
 * @param kind    what happened to {@code user}
 * @param by      who did it: {@code user} themselves when they created or left the room
 * @param members the members after the change, sorted
 * @param owner   who made the room (the member who may remove others)
 */
public record MembershipChange(String room, String user, Kind kind, String by, List<String> members, String owner) {

    /** What happened to the member. */
    public enum Kind {
        /** They made the room and are its first member. */
        CREATED,
        /** A member invited them. */
        INVITED,
        /** They left, or the room's owner removed them. */
        REMOVED;

        /** The name clients see, e.g. {@code invited}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MembershipChange {
        members = List.copyOf(members);
    }
}
