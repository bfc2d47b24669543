package chat.parley.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SearchQuery} in PostgreSQL ({@link PostgresSql#SEARCH_QUERY}, then {@link PostgresSql#SEARCH}): what the
 * user typed becomes a {@code tsquery} only through PostgreSQL's own parser (each word or {@code "quoted phrase"}
 * through {@code phraseto_tsquery}, a trailing {@code *} as a prefix {@code :*}), so operators and SQL in the input are
 * plain text; room, sender and the reader's {@link SearchScope} filter the matching rows, before the window.
 */
final class PostgresSearch {

    /** ts_headline's options: the match marks of {@link SearchHit}, about as long as SQLite's 16-token snippets. */
    private static final String HEADLINE = "StartSel=" + SearchHit.MATCH_START + ", StopSel=" + SearchHit.MATCH_END
            + ", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \"";

    private final String querySql;
    private final List<String> terms = new ArrayList<>();
    private final String searchSql;
    private final List<Object> filters = new ArrayList<>();
    private final int window;
    private final int limit;

    /** @throws IllegalArgumentException when the input has no word to search for */
    PostgresSearch(SearchQuery query, int window) {
        var expressions = new ArrayList<String>();
        for (FtsQuery.Term term : FtsQuery.terms(query.text())) {
            terms.add(term.text());
            expressions.add(term.prefix()
                    ? "(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END "
                            + "FROM phraseto_tsquery('simple', ?::text) AS p)"
                    : "phraseto_tsquery('simple', ?::text)");
        }
        this.querySql = PostgresSql.SEARCH_QUERY.formatted(String.join(" && ", expressions));
        var where = new StringBuilder();
        if (query.room() != null) {
            where.append(" AND m.room = ?");
            filters.add(query.room());
        }
        if (query.from() != null) {
            where.append(" AND m.sender = ?");
            filters.add(query.from());
        }
        scope(query.scope(), where);
        this.searchSql = PostgresSql.SEARCH.formatted(where);
        this.window = window;
        this.limit = query.limit();
    }

    private void scope(SearchScope scope, StringBuilder where) {
        if (!scope.allDms()) {
            if (scope.dmsOf() == null) {
                where.append(" AND NOT starts_with(m.room, 'dm:')");
            } else { // dm:a:b with a < b: the reader is either name
                where.append(" AND (NOT starts_with(m.room, 'dm:') OR starts_with(m.room, ?)"
                        + " OR (starts_with(m.room, 'dm:') AND right(m.room, ?) = ?))");
                filters.add("dm:" + scope.dmsOf() + ":");
                filters.add(scope.dmsOf().length() + 1);
                filters.add(":" + scope.dmsOf());
            }
        }
        if (!scope.hiddenRooms().isEmpty()) {
            where.append(" AND m.room <> ALL(?::text[])");
            filters.add(scope.hiddenRooms().toArray(String[]::new));
        }
        if (scope.unlistedGlob() != null) {
            where.append(" AND (m.room !~ ? OR m.room = ANY(?::text[]))");
            filters.add(GlobPattern.toRegex(scope.unlistedGlob()));
            filters.add(scope.namedRooms().toArray(String[]::new));
        }
    }

    /** The {@code tsquery} of the terms, as text; empty when PostgreSQL's parser finds no word in them. */
    String tsquery(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(querySql)) {
            for (int i = 0; i < terms.size(); i++) {
                st.setString(i + 1, terms.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Step 2 for {@code tsquery} with every parameter set; the caller runs and closes it. */
    PreparedStatement prepare(Connection connection, String tsquery) throws SQLException {
        PreparedStatement st = connection.prepareStatement(searchSql);
        try {
            int i = 0;
            st.setString(++i, tsquery);
            st.setString(++i, HEADLINE);
            st.setString(++i, tsquery);
            for (Object value : filters) {
                if (value instanceof String[] array) {
                    st.setArray(++i, connection.createArrayOf("text", array));
                } else {
                    st.setObject(++i, value);
                }
            }
            st.setInt(++i, window);
            st.setString(++i, tsquery);
            st.setInt(++i, limit);
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
        return st;
    }
}
