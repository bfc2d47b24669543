package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.config.Retention;
import chat.parley.db.PostgresDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The history store on a PostgreSQL server ({@code store: postgresql}), with the semantics of
 * {@link SqliteMessageStore}: one writer with group commit ({@link PostgresWriter}), reads on the pool's other
 * connections ({@link SqlMessageStore}), search with PostgreSQL's text search. Several Parley processes may share the
 * database: seqs stay gap-free per room across them.
 */
public final class PostgresMessageStore extends SqlMessageStore {

    private final PostgresDatabase database;
    private final StoreHealth health;
    private final PostgresWriter writer;

    private PostgresMessageStore(PostgresDatabase database, ObjectMapper json, Retention retention,
                                 MeterRegistry metrics) {
        super(database, HistorySql.POSTGRES, retention, new EnvelopeJson(json));
        this.database = database;
        this.health = new StoreHealth(metrics);
        this.writer = new PostgresWriter(database::connect, codec, metrics, health);
    }

    /**
     * Opens the store on a migrated database; closing the store closes the database's pool.
     */
    public static PostgresMessageStore open(PostgresDatabase database, Retention retention, ObjectMapper json,
                                            MeterRegistry metrics) {
        return new PostgresMessageStore(database, json, retention, metrics);
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
        var search = new PostgresSearch(query, SqliteMessageStore.SEARCH_WINDOW);
        return read(c -> {
            var hits = new ArrayList<SearchHit>();
            String tsquery = search.tsquery(c);
            if (tsquery.isEmpty()) {
                return hits; // nothing PostgreSQL would index, so nothing matches
            }
            try (PreparedStatement st = search.prepare(c, tsquery); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    hits.add(new SearchHit(rs.getString("room"), rs.getLong("seq"), rs.getString("sender"),
                            rs.getLong("ts"), oneMarkPerPhrase(rs.getString("snippet")),
                            codec.decode(rs.getString("envelope"))));
                }
            }
            return hits;
        });
    }

    /**
     * ts_headline marks each word of a matched phrase on its own; SQLite marks the phrase once: so do the hits here
     * ({@code ␂quarterly␃ ␂roadmap␃} becomes {@code ␂quarterly roadmap␃}).
     */
    static String oneMarkPerPhrase(String snippet) {
        return snippet == null ? null : snippet.replaceAll(SearchHit.MATCH_END + "(\\s+)" + SearchHit.MATCH_START,
                "$1");
    }

    /**
     * Runs a delete whose last parameter is a row limit, each chunk of at most {@link #RETENTION_CHUNK} messages its
     * own transaction beside the writer's (PostgreSQL's row locks keep them apart), until a chunk deletes fewer.
     */
    @Override
    long deleteInChunks(String sql, Object... params) {
        long total = 0;
        while (true) {
            long n = read(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        st.setObject(i + 1, params[i]);
                    }
                    st.setInt(params.length + 1, RETENTION_CHUNK);
                    try (ResultSet rs = st.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                }
            });
            total += n;
            if (n < RETENTION_CHUNK) {
                return total;
            }
        }
    }

    @Override
    public void close() {
        writer.close();
        database.close();
    }
}
