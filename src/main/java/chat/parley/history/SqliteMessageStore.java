package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The history store in one SQLite file ({@code {data-dir}/parley.db}) in WAL mode: group commit on the database's
 * one writer thread, reads on its pool of read connections ({@link SqlMessageStore}), which never block it.
 */
public final class SqliteMessageStore extends SqlMessageStore {

    /** Search ranks the best matches among this many most recent ones, so common words stay fast. */
    static final int SEARCH_WINDOW = 2000;

    private final Database database;
    private final GroupCommitWriter writer;
    private final StoreHealth health;
    private final Checkpointer checkpointer;

    private SqliteMessageStore(Database database, ObjectMapper json, Retention retention, GroupCommitWriter writer,
                               StoreHealth health, Checkpointer checkpointer) {
        super(database, HistorySql.SQLITE, retention, new EnvelopeJson(json));
        this.database = database;
        this.writer = writer;
        this.health = health;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens the store on a migrated database.
     *
     * @throws SQLException when the database cannot be opened
     */
    public static SqliteMessageStore open(Database database, Retention retention, ObjectMapper json,
                                          MeterRegistry metrics) throws SQLException {
        var health = new StoreHealth(metrics);
        database.writer().addOutcomes(health); // every write to the file, history's or another store's
        var writer = new GroupCommitWriter(database.writer(), json, metrics);
        try {
            return new SqliteMessageStore(database, json, retention, writer, health, Checkpointer.start(database));
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Test seam: {@code true} makes the database file unable to grow, as on a full disk (see
     * {@link chat.parley.db.Writer#limitPagesForTesting}); {@code false} frees the "space" again.
     */
    void limitPagesForTesting(boolean full) {
        try {
            database.writer().limitPagesForTesting(full);
        } catch (SQLException e) {
            throw new StoreException("could not limit the database's pages: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> writeProblem() {
        return health.problem();
    }

    @Override
    public CompletableFuture<Appended> append(Envelope envelope) {
        return writer.append(envelope, false);
    }

    @Override
    public CompletableFuture<Appended> appendAsAdmin(Envelope event) {
        return writer.append(event, true);
    }

    @Override
    public List<SearchHit> search(SearchQuery query) {
        SearchScope scope = query.scope();
        String match = FtsQuery.of(query.text(), query.room(), query.from(), !scope.allDms() && scope.dmsOf() == null);
        writer.indexNow().join(); // every acknowledged message is searchable
        return read(c -> {
            long windowStart = 0;
            try (PreparedStatement st = c.prepareStatement(Sql.SEARCH_WINDOW_START)) {
                st.setString(1, match);
                st.setInt(2, SEARCH_WINDOW - 1);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        windowStart = rs.getLong(1);
                    }
                }
            }
            var hits = new ArrayList<SearchHit>();
            try (PreparedStatement st = c.prepareStatement(Sql.SEARCH)) {
                st.setString(1, match);
                st.setInt(2, query.limit());
                st.setLong(3, windowStart);
                st.setString(4, scope.allDms() ? "*" : scope.dmsOf()); // null: no DM matches
                st.setString(5, jsonArray(scope.hiddenRooms()));
                st.setString(6, scope.unlistedGlob());
                st.setString(7, jsonArray(scope.namedRooms()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        hits.add(new SearchHit(rs.getString("room"), rs.getLong("seq"), rs.getString("sender"),
                                rs.getLong("ts"), rs.getString("snippet"), codec.decode(rs.getString("envelope"))));
                    }
                }
            }
            return hits;
        });
    }

    /** A JSON array of strings, for {@code json_each} (room ids need no escaping beyond what Jackson does). */
    private static String jsonArray(java.util.Set<String> values) {
        var array = JSON_ARRAYS.createArrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_ARRAYS =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Runs a {@code DELETE} whose last parameter is a row limit in transactions of at most {@link #RETENTION_CHUNK}
     * rows, queued between appends, until it deletes fewer than that.
     */
    @Override
    long deleteInChunks(String sql, Object... params) {
        long total = 0;
        while (true) {
            int n = writer.<Integer>submit(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        st.setObject(i + 1, params[i]);
                    }
                    st.setInt(params.length + 1, RETENTION_CHUNK);
                    return st.executeUpdate();
                }
            }).join();
            total += n;
            if (n < RETENTION_CHUNK) {
                return total;
            }
        }
    }

    @Override
    public void close() {
        writer.close();
        checkpointer.close();
    }
}
