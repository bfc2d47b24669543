package chat.parley.history;

import java.util.Objects;

/**
 * A full-text search.
 *
 * @param text  what the user typed: words (all must match), {@code "quoted phrases"}, {@code prefix*}
 * @param room  only this room, or {@code null}
 * @param from  only this sender, or {@code null}
 * @param limit at most this many results
 * @param scope which rooms the reader may see results from
 */
public record SearchQuery(String text, String room, String from, int limit, SearchScope scope) {

    public SearchQuery {
        Objects.requireNonNull(text, "text must not be null.");
        Objects.requireNonNull(scope, "scope must not be null.");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1.");
        }
    }
}
