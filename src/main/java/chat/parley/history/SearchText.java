package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;

/**
 * What of a row goes into the full-text index: a message's current text, and a file's name. Never anything of e2e
 * messages, of events (an edit's text is found through the message it changed) or of deleted messages.
 */
final class SearchText {

    private SearchText() {
    }

    /** The text to index, or {@code null} for a row that must not be indexed. */
    static String of(Envelope envelope) {
        Body body = envelope.body();
        if (body instanceof Body.File file) {
            String name = file.file().path("name").asText("");
            String caption = file.text() == null ? "" : file.text();
            return (name + " " + caption).trim();
        }
        return body instanceof Body.Text || body instanceof Body.SystemNotice ? body.text() : null;
    }
}
