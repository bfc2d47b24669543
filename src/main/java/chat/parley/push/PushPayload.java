package chat.parley.push;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * What a push carries (encrypted for the browser, RFC 8291): {@code room}, {@code id}, {@code from}, {@code title},
 * {@code text} (at most {@value #MAX_TEXT_CHARS} characters), {@code url} (the room in the web client) and
 * {@code encrypted}. For a sealed (e2e) message the text is only {@value #ENCRYPTED_TEXT}: the server cannot read it,
 * and a push service must not see even its length. The service worker (web/src/sw/push-handlers.js) shows it.
 */
final class PushPayload {

    /** Text longer than this is cut (push services take about 4 KB; a notification shows a few lines). */
    static final int MAX_TEXT_CHARS = 180;
    static final String ENCRYPTED_TEXT = "New encrypted message";

    private PushPayload() {
    }

    static byte[] of(Envelope envelope, boolean encryptedRoom, ObjectMapper json) {
        boolean sealed = encryptedRoom || envelope.body() instanceof Body.Sealed;
        String room = envelope.room();
        String title = room.startsWith("dm:") ? envelope.from() : envelope.from() + " in #" + room;
        ObjectNode node = json.createObjectNode()
                .put("room", room)
                .put("id", envelope.id())
                .put("from", envelope.from())
                .put("title", title)
                .put("text", sealed ? ENCRYPTED_TEXT : text(envelope))
                .put("url", "/#/r/" + room)
                .put("encrypted", sealed);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Envelope envelope) {
        String text = envelope.text();
        if ((text == null || text.isBlank()) && envelope.file() != null) {
            text = "sent a file: " + envelope.file().path("name").asText("file");
        }
        if (text == null) {
            return "";
        }
        return text.codePointCount(0, text.length()) <= MAX_TEXT_CHARS ? text
                : text.substring(0, text.offsetByCodePoints(0, MAX_TEXT_CHARS - 1)) + "…";
    }
}
