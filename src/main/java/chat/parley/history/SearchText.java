package chat.parley.history;

import chat.parley.chat.Envelope;

/** What of a message goes into the full-text index: its text, and a file's name. Never anything of e2e messages. */
final class SearchText {

    private SearchText() {
    }

    /** The text to index, or {@code null} for a message that must not be indexed. */
    static String of(Envelope envelope) {
        return switch (envelope.type()) {
            case "e2e" -> null;
            case "file" -> {
                String name = envelope.file() == null ? "" : envelope.file().path("name").asText("");
                String caption = envelope.text() == null ? "" : envelope.text();
                yield (name + " " + caption).trim();
            }
            default -> envelope.text();
        };
    }
}
