package chat.parley.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a user typed into an FTS5 query that can only mean "find these words": every word and
 * {@code "quoted phrase"} must match, a trailing {@code *} makes a prefix; everything else (operators, column
 * filters, SQL-looking text) is quoted and searched as plain text.
 */
final class FtsQuery {

    private FtsQuery() {
    }

    /**
     * The match expression: the words against the text column, and the optional room and sender as their index
     * tokens (see schema migration 3); without DMs in scope and no room, direct messages are excluded here already
     * (the rest of the scope is applied by the query, see {@link SearchScope}).
     *
     * @throws IllegalArgumentException when the input has no word to search for
     */
    static String of(String input, String room, String sender, boolean withoutDms) {
        String match = "body : (" + words(input) + ")";
        if (room != null) {
            match += " AND room_token : " + token('r', room);
        } else if (withoutDms) {
            match += " NOT room_token : " + token('r', "dm:") + "*"; // every DM key starts with dm:
        }
        if (sender != null) {
            match += " AND sender_token : " + token('s', sender);
        }
        return match;
    }

    /** The single index token of a room or sender name: a letter and the hex of its UTF-8 bytes. */
    private static String token(char kind, String name) {
        return kind + java.util.HexFormat.of().formatHex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String words(String input) {
        var parts = new ArrayList<String>();
        for (Term term : terms(input)) {
            parts.add("\"" + term.text().replace("\"", "\"\"") + "\"" + (term.prefix() ? "*" : ""));
        }
        return String.join(" ", parts);
    }

    /** A word or a quoted phrase the user typed; {@code prefix}: it ended with {@code *}. */
    record Term(String text, boolean prefix) {
    }

    /**
     * The words and {@code "quoted phrases"} of what a user typed, each with its trailing {@code *} as a prefix flag;
     * text with no letter or digit (that no tokenizer indexes) is left out.
     *
     * @throws IllegalArgumentException when the input has no word to search for
     */
    static List<Term> terms(String input) {
        var parts = new ArrayList<Term>();
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = input.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                add(parts, input.substring(i + 1, end), false);
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(input.charAt(end)) && input.charAt(end) != '"') {
                    end++;
                }
                String term = input.substring(i, end);
                boolean prefix = term.endsWith("*");
                add(parts, prefix ? term.replaceAll("\\*+$", "") : term, prefix);
                i = end;
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("search needs at least one word");
        }
        return parts;
    }

    private static void add(List<Term> parts, String text, boolean prefix) {
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return; // nothing the tokenizer would index
        }
        parts.add(new Term(text, prefix));
    }
}
