package chat.parley.http;

import chat.parley.chat.Envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a room's history as Markdown, one day heading per UTC day, one line per message in its current text (marked
 * {@code (edited)} when it was); the store leaves out events and deleted messages.
 */
final class MarkdownExport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private LocalDate day;
    private long count;

    MarkdownExport(OutputStream out, String room, String serverName) {
        this.out = out;
        write("# " + room + "\n\nExported from " + serverName + " on " + Instant.now() + " (times in UTC).\n");
    }

    void write(Envelope message) {
        LocalDate messageDay = Instant.ofEpochMilli(message.ts()).atZone(ZoneOffset.UTC).toLocalDate();
        if (!messageDay.equals(day)) {
            day = messageDay;
            write("\n## " + day + "\n\n");
        }
        boolean edited = message.state() != null && message.state().edited() != null;
        write("**" + message.from() + "** " + TIME.format(Instant.ofEpochMilli(message.ts())) + " — "
                + body(message).replace("\n", "  \n    ") + (edited ? " *(edited)*" : "") + "  \n");
        count++;
    }

    void finish() {
        write("\n" + count + " message" + (count == 1 ? "" : "s") + ".\n");
    }

    private static String body(Envelope message) {
        return switch (message.type()) {
            case "e2e" -> "*(encrypted message)*";
            case "file" -> "[" + message.file().path("name").asText() + "](" + message.file().path("url").asText()
                    + ")" + (message.text() == null ? "" : " " + message.text());
            default -> message.text();
        };
    }

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
