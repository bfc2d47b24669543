package chat.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of events a client may send: {@code reaction}, {@code edit} and {@code delete}, each naming the
 * {@code target} message by id. Whether the target exists, who may change it and whether the change is new is decided
 * where the room's history is, in the store's transaction (the rules there: {@code history.MessageEvents}).
 */
final class EventRules {

    /** Most code points in a reaction's emoji: one emoji, even a family or a flag with modifiers, fits. */
    static final int MAX_EMOJI_CHARS = 16;

    private final TextLimit textLimit;

    /** Checks a text against {@code max-text-chars}. */
    @FunctionalInterface
    interface TextLimit {
        void check(String text) throws RefusedException;
    }

    EventRules(TextLimit textLimit) {
        this.textLimit = textLimit;
    }

    /** The body of an event of {@code type} ({@code reaction}, {@code edit} or {@code delete}). */
    Body parse(String type, ObjectNode node) throws RefusedException {
        String target = string(node, "target");
        if (!Names.isMessageId(target)) {
            throw invalid("a " + type + " needs a target: the id of a message in the same room, matching "
                    + Names.MESSAGE_ID.pattern());
        }
        return switch (type) {
            case "reaction" -> reaction(target, node);
            case "edit" -> edit(target, node);
            default -> new Body.Delete(target);
        };
    }

    private static Body reaction(String target, ObjectNode node) throws RefusedException {
        String emoji = string(node, "emoji");
        if (emoji == null || emoji.isBlank() || emoji.codePointCount(0, emoji.length()) > MAX_EMOJI_CHARS
                || emoji.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw invalid("a reaction needs an emoji: one short string (at most " + MAX_EMOJI_CHARS
                    + " characters, no spaces)");
        }
        String op = string(node, "op");
        if (!Body.Reaction.ADD.equals(op) && !Body.Reaction.REMOVE.equals(op)) {
            throw invalid("a reaction's op must be add or remove");
        }
        return new Body.Reaction(target, emoji, op);
    }

    private Body edit(String target, ObjectNode node) throws RefusedException {
        String text = string(node, "text");
        JsonNode e2e = node.get("e2e");
        if (e2e != null && !e2e.isNull()) {
            if (!e2e.isObject()) {
                throw invalid("an edit's e2e must be an object");
            }
            if (text != null) {
                throw invalid("a sealed edit must not carry plain text");
            }
            return new Body.Edit(target, null, e2e);
        }
        if (text == null || text.isBlank()) {
            throw invalid("an edit needs the new text (or, in an encrypted room, the new e2e)");
        }
        textLimit.check(text);
        return new Body.Edit(target, text, null);
    }

    private static String string(ObjectNode node, String field) throws RefusedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return value.asText();
    }

    private static RefusedException invalid(String message) {
        return new RefusedException(Refusal.INVALID_ENVELOPE, message);
    }
}
