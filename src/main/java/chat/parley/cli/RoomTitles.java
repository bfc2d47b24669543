package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The display names rooms have on the server ("Q3 plans" for {@code k7x2m9q4w8r5t}), as the terminal shows them:
 * {@code #k7x2m9q4w8r5t “Q3 plans”}. Learnt from {@code GET /api/rooms} when a room is joined and, live, from the
 * room's retained meta topic; a change that arrives live is worth a line.
 */
final class RoomTitles {

    private final Map<String, Optional<String>> names = new ConcurrentHashMap<>();

    /** {@code #room “Name”}, or {@code #room} for a room without a name (or a direct conversation's label). */
    String title(String room, String me) {
        String label = Conversations.label(room, me);
        return name(room).map(name -> label + " “" + Lines.clean(name) + "”").orElse(label);
    }

    Optional<String> name(String room) {
        return names.getOrDefault(room, Optional.empty());
    }

    /** The rooms of {@code GET /api/rooms}: each one asked for has the name given there, or none. */
    void fromSummaries(Iterable<String> asked, Iterable<JsonNode> summaries) {
        asked.forEach(room -> names.put(room, Optional.empty()));
        summaries.forEach(summary -> names.put(summary.path("room").asText(), nameIn(summary)));
    }

    /**
     * A room's meta as the server publishes it ({@code {"room","encrypted","name"?}}). Returns the line to show when
     * a room we knew changed its name while we watched (not for the retained meta a subscription brings).
     */
    Optional<String> fromMeta(String room, JsonNode meta, boolean retained, String me) {
        if (meta == null) {
            return Optional.empty();
        }
        Optional<String> name = nameIn(meta);
        Optional<String> before = names.put(room, name);
        if (retained || name.equals(before)) {
            return Optional.empty();
        }
        return Optional.of(name.map(n -> Conversations.label(room, me) + " is now called “" + Lines.clean(n) + "”")
                .orElse(Conversations.label(room, me) + " has no name now"));
    }

    private static Optional<String> nameIn(JsonNode node) {
        JsonNode name = node.path("name");
        return name.isTextual() && !name.asText().isBlank() ? Optional.of(name.asText()) : Optional.empty();
    }
}
