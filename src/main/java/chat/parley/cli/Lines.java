package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Turns envelopes into chat lines: {@code 14:05 alice: hello}, {@code 14:05 * alice waves} for {@code /me}, the room
 * ({@code #general}) or direct conversation ({@code @bob}) in front when it is not the current one; replies, edits,
 * deletes and reactions say what they are about. Senders get a colour each (the terminal drops styles it cannot show,
 * and piped output has none). Control characters in what others wrote are made visible, so a message cannot move the
 * cursor or change the terminal.
 */
final class Lines {

    /** A text that starts with this is an action ({@code /me waves}): the web client shows the same plain text. */
    static final String ACTION = "/me ";

    private static final int[] COLOURS = {AttributedStyle.GREEN, AttributedStyle.BLUE, AttributedStyle.MAGENTA,
        AttributedStyle.CYAN, AttributedStyle.YELLOW, AttributedStyle.RED};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();

    private final String me;
    private final ZoneId zone;

    Lines(String me, ZoneId zone) {
        this.me = me;
        this.zone = zone;
    }

    /** A time of day in this zone ({@code 10:42}), with the date when it is not today ({@code 2026-12-03 10:42}). */
    static String clock(Instant at, ZoneId zone) {
        var local = at.atZone(zone);
        boolean today = local.toLocalDate().equals(java.time.LocalDate.now(zone));
        return (today ? "" : local.toLocalDate() + " ") + TIME.format(local);
    }

    /** One chat line for an envelope; {@code currentRoom} is left out of the line. */
    AttributedString message(JsonNode envelope, String currentRoom) {
        return message(envelope, currentRoom, null);
    }

    /**
     * One chat line for an envelope. {@code about} is the message it concerns, as it stood before: the one a reply
     * answers, or the one an edit, delete or reaction changes (null when it is not loaded here).
     */
    AttributedString message(JsonNode envelope, String currentRoom, JsonNode about) {
        var line = new AttributedStringBuilder();
        long ts = envelope.path("ts").asLong(0);
        if (ts > 0) {
            line.styled(DIM, TIME.format(Instant.ofEpochMilli(ts).atZone(zone))).append(' ');
        }
        String room = envelope.path("room").asText(null);
        if (room != null && !room.equals(currentRoom)) {
            line.styled(DIM, clean(Conversations.label(room, me))).append(' ');
        }
        String from = clean(envelope.path("from").asText("?"));
        String type = envelope.path("type").asText("text");
        String text = envelope.path("text").asText("");
        if (type.equals("text") && text.startsWith(ACTION)) {
            line.append("* ").styled(senderStyle(from), from).append(' ').append(clean(text.substring(ACTION.length())));
            return line.toAttributedString();
        }
        if (type.equals("system")) {
            line.styled(DIM, "-- " + clean(text));
            return line.toAttributedString();
        }
        switch (type) {
            case "reaction" -> {
                boolean add = !envelope.path("op").asText("add").equals("remove");
                line.styled(DIM, "-- ").styled(senderStyle(from), from)
                        .styled(DIM, (add ? " reacted " : " took back ") + clean(envelope.path("emoji").asText("?"))
                                + (add ? " to " : " on ") + quote(about));
                return line.toAttributedString();
            }
            case "delete" -> {
                line.styled(DIM, "-- ").styled(senderStyle(from), from)
                        .styled(DIM, " deleted " + (about == null ? "a message" : quote(about)));
                return line.toAttributedString();
            }
            case "edit" -> {
                line.styled(senderStyle(from), from).styled(DIM, " (edited)").append(": ");
                if (envelope.has("problem")) {
                    line.styled(DIM, "[" + clean(envelope.get("problem").asText()) + "]");
                } else if (envelope.has("e2e")) {
                    line.styled(DIM, "[encrypted edit: give --key or --passphrase to read it]");
                } else {
                    line.append(clean(text));
                }
                return line.toAttributedString();
            }
            default -> { }
        }
        line.styled(senderStyle(from), from);
        if (envelope.hasNonNull("replyTo")) {
            line.styled(DIM, " ↪ " + (about == null ? "an earlier message" : quote(about)));
        }
        line.append(": ");
        if (envelope.path("deleted").asBoolean(false)) {
            line.styled(DIM, "[deleted]");
            return line.toAttributedString();
        }
        switch (type) {
            case "file" -> {
                JsonNode file = envelope.path("file");
                line.append("[file] ").append(clean(file.path("name").asText("file")));
                var details = new StringBuilder();
                if (file.path("size").canConvertToLong()) {
                    details.append(chat.parley.files.Sizes.human(file.path("size").asLong()));
                }
                if (file.hasNonNull("mime")) {
                    details.append(details.length() == 0 ? "" : ", ").append(file.path("mime").asText());
                }
                if (details.length() > 0) {
                    line.styled(DIM, " (" + clean(details.toString()) + ")");
                }
                line.styled(DIM, file.hasNonNull("id") ? " id " + clean(file.path("id").asText())
                        : " " + clean(file.path("url").asText("")));
                if (!text.isEmpty()) {
                    line.append(' ').append(clean(text));
                }
            }
            case "e2e" -> line.styled(DIM, envelope.has("problem") ? "[" + clean(envelope.get("problem").asText()) + "]"
                    : "[encrypted message: give --key or --passphrase to read it]");
            default -> line.append(clean(text));
        }
        if (envelope.has("edited")) {
            line.styled(DIM, " (edited)");
        }
        JsonNode reactions = envelope.path("reactions");
        if (reactions.isObject() && !reactions.isEmpty()) {
            var counts = new StringBuilder();
            reactions.fields().forEachRemaining(e -> counts.append(counts.length() == 0 ? "" : " ")
                    .append(e.getKey()).append(' ').append(e.getValue().size()));
            line.styled(DIM, " [" + clean(counts.toString()) + "]");
        }
        return line.toAttributedString();
    }

    /** {@code alice: “the first words…”} of a message, for lines about it. */
    private String quote(JsonNode message) {
        if (message == null) {
            return "a message";
        }
        String type = message.path("type").asText("");
        String text = message.path("deleted").asBoolean(false) ? "[deleted]"
                : message.has("text") ? message.path("text").asText("")
                : type.equals("file") ? "[file] " + message.path("file").path("name").asText("")
                : "[encrypted]";
        String words = text.codePointCount(0, text.length()) > 40
                ? text.substring(0, text.offsetByCodePoints(0, 40)) + "…" : text;
        return clean(message.path("from").asText("?")) + ": “" + clean(words).replace("\n    ", " ") + "”";
    }

    static AttributedString notice(String text) {
        return new AttributedString(clean(text), DIM);
    }

    static AttributedString warning(String text) {
        return new AttributedString(clean(text), AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
    }

    static AttributedString error(String text) {
        return new AttributedString(clean(text), AttributedStyle.BOLD.foreground(AttributedStyle.RED));
    }

    AttributedStyle senderStyle(String user) {
        AttributedStyle style = AttributedStyle.DEFAULT.foreground(COLOURS[Math.floorMod(user.hashCode(),
                COLOURS.length)]);
        return user.equals(me) ? style.bold() : style;
    }

    /**
     * Makes control characters harmless: escape sequences and other C0/C1 controls become {@code ?}; a newline is
     * kept, indented, so a multi-line message stays readable.
     */
    static String clean(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                out.append("\n    ");
            } else if (c == '\t') {
                out.append("    ");
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
