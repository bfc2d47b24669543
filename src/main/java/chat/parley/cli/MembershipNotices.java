package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * What a membership event from the server ({@code {prefix}/users/{me}/events}) means for the terminal: the line to
 * show, and whether this client must stop following the room (I am no longer in it).
 */
final class MembershipNotices {

    /** What to do: {@code line} to print (may be empty), {@code leave}: stop following {@code room}. */
    record Notice(String room, Optional<String> line, boolean leave) {
    }

    private MembershipNotices() {
    }

    /**
     * The notice for an event, or empty for anything that is not a membership change of mine.
     *
     * @param following whether this client follows the room (a room I left here with /leave needs no second word)
     */
    static Optional<Notice> of(JsonNode event, String me, RoomTitles titles, boolean following) {
        if (event == null || !"membership".equals(event.path("type").asText())
                || !me.equals(event.path("user").asText()) || !Ids.isRoom(event.path("room").asText())) {
            return Optional.empty();
        }
        String room = event.path("room").asText();
        String by = Lines.clean(event.path("by").asText("someone"));
        String title = event.path("name").isTextual() ? "#" + room + " “" + Lines.clean(event.path("name").asText())
                + "”" : titles.title(room, me);
        return switch (event.path("change").asText()) {
            case "invited" -> Optional.of(new Notice(room,
                    Optional.of(by + " invited you to " + title + " — /join " + room), false));
            case "removed" -> Optional.of(new Notice(room, !by.equals(me) ? Optional.of(by + " removed you from "
                    + title + ".") : following ? Optional.of("You left " + title + " elsewhere.") : Optional.empty(),
                    following));
            default -> Optional.empty();
        };
    }
}
