package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The latest messages of each conversation as they stand now, so that a command can name one ({@code /reply ^2},
 * {@code /edit}) and an event can be shown with what it is about. Events (reactions, edits, deletes) and replies are
 * folded in by the rule of docs/design.md: a message keeps the {@code seq} of the last event applied to it
 * ({@code rev}), and an event changes it only when its own {@code seq} is newer, so history and live events can
 * overlap without counting twice.
 */
final class MessageMemory {

    /** The kinds of envelope that are messages; the others are events about one. */
    static final Set<String> MESSAGE_TYPES = Set.of("text", "file", "e2e");
    private static final int PER_ROOM = 500;

    private final Map<String, LinkedHashMap<String, ObjectNode>> rooms = new LinkedHashMap<>();

    static boolean isMessage(JsonNode envelope) {
        return MESSAGE_TYPES.contains(envelope.path("type").asText("text"));
    }

    /** Takes in a message (its current state) or folds an event into the message it is about. */
    synchronized void observe(String room, JsonNode envelope) {
        long seq = envelope.path("seq").asLong(0);
        if (isMessage(envelope)) {
            String id = envelope.path("id").asText(null);
            if (id == null) {
                return;
            }
            var messages = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
            ObjectNode copy = envelope.deepCopy();
            if (!copy.has("rev")) {
                copy.put("rev", seq);
            }
            ObjectNode known = messages.get(id);
            if (known == null || copy.path("rev").asLong() >= known.path("rev").asLong()) {
                messages.put(id, copy);
            }
            while (messages.size() > PER_ROOM) {
                messages.remove(messages.keySet().iterator().next());
            }
            return;
        }
        ObjectNode target = find(room, envelope.path("target").asText("")).orElse(null);
        if (target == null || seq <= target.path("rev").asLong()) {
            return; // not loaded, or already folded in (history carries it)
        }
        target.put("rev", seq);
        switch (envelope.path("type").asText()) {
            case "edit" -> {
                if (envelope.has("e2e")) { // a sealed edit this client could not open: the old text is gone too
                    target.set("e2e", envelope.get("e2e"));
                    target.remove("text");
                } else {
                    target.put("text", envelope.path("text").asText(""));
                }
                target.put("edited", envelope.path("ts").asLong());
            }
            case "delete" -> {
                target.put("deleted", true);
                target.remove(List.of("text", "file", "e2e", "reactions"));
            }
            default -> { } // reactions do not change what a message says
        }
    }

    /**
     * Whether an event (reaction, edit, delete) is already part of the message it is about: the message came from
     * history with this event folded in ({@code rev} at or past the event's {@code seq}), so a line about it would
     * say nothing new.
     */
    synchronized boolean carries(String room, JsonNode event) {
        long seq = event.path("seq").asLong(0);
        return seq > 0 && !isMessage(event)
                && find(room, event.path("target").asText("")).map(m -> seq <= m.path("rev").asLong()).orElse(false);
    }

    /** A message of the room by id. */
    synchronized Optional<ObjectNode> find(String room, String id) {
        var messages = rooms.get(room);
        return Optional.ofNullable(messages == null ? null : messages.get(id));
    }

    /** The {@code n}-th latest file message of the room that is not deleted (1 = the latest). */
    synchronized Optional<ObjectNode> latestFile(String room, int n) {
        var messages = rooms.get(room);
        if (messages == null) {
            return Optional.empty();
        }
        List<ObjectNode> files = new ArrayList<>();
        for (ObjectNode m : messages.values()) {
            if (m.path("type").asText().equals("file") && !m.path("deleted").asBoolean(false)) {
                files.add(m);
            }
        }
        return n >= 1 && n <= files.size() ? Optional.of(files.get(files.size() - n)) : Optional.empty();
    }

    /**
     * The {@code n}-th latest message of the room that is not deleted (1 = the latest), only {@code author}'s when it
     * is not null.
     */
    synchronized Optional<ObjectNode> latest(String room, int n, String author) {
        var messages = rooms.get(room);
        if (messages == null) {
            return Optional.empty();
        }
        List<ObjectNode> candidates = new ArrayList<>();
        for (ObjectNode m : messages.values()) {
            if (!m.path("deleted").asBoolean(false) && (author == null || author.equals(m.path("from").asText())
                    && !m.has("origin"))) {
                candidates.add(m);
            }
        }
        return n >= 1 && n <= candidates.size() ? Optional.of(candidates.get(candidates.size() - n))
                : Optional.empty();
    }
}
