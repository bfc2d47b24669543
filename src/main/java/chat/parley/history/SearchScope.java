package chat.parley.history;

import java.util.Objects;
import java.util.Set;

/**
 * Which rooms a search may look in, applied inside the query (before its {@code LIMIT}, so rooms the reader may not
 * see never use up a page): every listed room, plus the unlisted ones the reader names or belongs to.
 *
 * @param allDms       include every direct message (the server's own searches only)
 * @param dmsOf        whose direct messages are included, or null for none (ignored with {@code allDms})
 * @param namedRooms   unlisted rooms the reader names (has the invitation to) or is a member of
 * @param hiddenRooms  rooms the reader may not read at all (others' private rooms)
 * @param unlistedGlob an SQLite GLOB pattern matching unlisted room ids (random ids), or null when none are
 */
public record SearchScope(boolean allDms, String dmsOf, Set<String> namedRooms, Set<String> hiddenRooms,
                          String unlistedGlob) {

    public SearchScope {
        namedRooms = Set.copyOf(Objects.requireNonNull(namedRooms, "namedRooms must not be null."));
        hiddenRooms = Set.copyOf(Objects.requireNonNull(hiddenRooms, "hiddenRooms must not be null."));
    }

    /** Every room and every direct message: for the server's own use (benchmarks, tests), never for a reader. */
    public static SearchScope everything() {
        return new SearchScope(true, null, Set.of(), Set.of(), null);
    }
}
