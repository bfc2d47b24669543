package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SearchQuery} as one PostgreSQL statement ({@link PostgresSql#SEARCH}): what the user typed becomes a
 * {@code tsquery} only through PostgreSQL's own parser (each word or {@code "quoted phrase"} through
 * {@code phraseto_tsquery}, a trailing {@code *} as a prefix {@code :*}), so operators and SQL in the input are plain
 * text; room, sender and the reader's {@link SearchScope} are filters on the matching rows, before the window.
 */
final class PostgresSearch {

    /** ts_headline's options: the match marks of {@link SearchHit}, about as long as SQLite's 16-token snippets. */
    private static final String HEADLINE = "StartSel=" + SearchHit.MATCH_START + ", StopSel=" + SearchHit.MATCH_END
            + ", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \"";

    private final String sql;
    private final List<Object> params = new ArrayList<>();

    /** @throws IllegalArgumentException when the input has no word to search for */
    PostgresSearch(SearchQuery query, int window) {
        var terms = new ArrayList<String>();
        for (FtsQuery.Term term : FtsQuery.terms(query.text())) {
            params.add(term.text());
            terms.add(term.prefix()
                    ? "(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END "
                            + "FROM phraseto_tsquery('simple', ?::text) AS p)"
                    : "phraseto_tsquery('simple', ?::text)");
        }
        var filters = new StringBuilder();
        if (query.room() != null) {
            filters.append(" AND m.room = ?");
            params.add(query.room());
        }
        if (query.from() != null) {
            filters.append(" AND m.sender = ?");
            params.add(query.from());
        }
        scope(query.scope(), filters);
        params.add(window);
        params.add(HEADLINE);
        params.add(query.limit());
        this.sql = PostgresSql.SEARCH.formatted(String.join(" && ", terms), filters);
    }

    private void scope(SearchScope scope, StringBuilder filters) {
        if (!scope.allDms()) {
            if (scope.dmsOf() == null) {
                filters.append(" AND NOT starts_with(m.room, 'dm:')");
            } else { // dm:a:b with a < b: the reader is either name
                filters.append(" AND (NOT starts_with(m.room, 'dm:') OR starts_with(m.room, ?)"
                        + " OR (starts_with(m.room, 'dm:') AND right(m.room, ?) = ?))");
                params.add("dm:" + scope.dmsOf() + ":");
                params.add(scope.dmsOf().length() + 1);
                params.add(":" + scope.dmsOf());
            }
        }
        if (!scope.hiddenRooms().isEmpty()) {
            filters.append(" AND m.room <> ALL(?::text[])");
            params.add(scope.hiddenRooms().toArray(String[]::new));
        }
        if (scope.unlistedGlob() != null) {
            filters.append(" AND (m.room !~ ? OR m.room = ANY(?::text[]))");
            params.add(GlobPattern.toRegex(scope.unlistedGlob()));
            params.add(scope.namedRooms().toArray(String[]::new));
        }
    }

    /** The statement with every parameter set; the caller runs and closes it. */
    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value instanceof String[] array) {
                    st.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    st.setObject(i + 1, value);
                }
            }
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
        return st;
    }
}
