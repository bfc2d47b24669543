package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.config.Retention;
import chat.parley.db.PostgresDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The history store on a PostgreSQL server ({@code store: postgresql}), with the semantics of
 * {@link SqliteMessageStore}: one writer with group commit ({@link PostgresWriter}), reads on the pool's other
 * connections, search with PostgreSQL's text search. Several Parley processes may share the database: seqs stay
 * gap-free per room across them.
 */
public final class PostgresMessageStore implements MessageStore {

    private static final int RETENTION_CHUNK = 500;
    private static final int EXPORT_PAGE = 1000;

    private final PostgresDatabase database;
    private final EnvelopeJson codec;
    private final MessageRows rows;
    private final Retention retention;
    private final StoreHealth health;
    private final PostgresWriter writer;

    private PostgresMessageStore(PostgresDatabase database, ObjectMapper json, Retention retention,
                                 MeterRegistry metrics) {
        this.database = database;
        this.codec = new EnvelopeJson(json);
        this.rows = new MessageRows(codec);
        this.retention = retention;
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
    public MessagePage latest(String room, int limit) {
        return before(room, Long.MAX_VALUE, limit);
    }

    @Override
    public MessagePage before(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, PostgresSql.BEFORE, room, seq, limit + 1), limit, true));
    }

    @Override
    public MessagePage after(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, PostgresSql.AFTER, room, seq, limit + 1), limit, false));
    }

    @Override
    public MessagePage around(String room, long seq, int limit) {
        int newer = limit / 2;
        int older = limit - newer;
        return read(c -> {
            // As SqliteMessageStore: each side reads one row more than it keeps, which says whether there is more.
            List<Envelope> before = envelopes(c, PostgresSql.BEFORE, room, seq == Long.MAX_VALUE ? seq : seq + 1,
                    older + 1);
            List<Envelope> after = newer == 0 ? List.of() : envelopes(c, PostgresSql.AFTER, room, seq, newer + 1);
            var page = new ArrayList<Envelope>(before.subList(0, Math.min(older, before.size())));
            Collections.reverse(page);
            page.addAll(after.subList(0, Math.min(newer, after.size())));
            boolean moreBefore = before.size() > older;
            boolean moreAfter = newer == 0 ? !envelopes(c, PostgresSql.AFTER, room, seq, 1).isEmpty()
                    : after.size() > newer;
            return new MessagePage(room, page, moreBefore || moreAfter, moreBefore, moreAfter);
        });
    }

    private static MessagePage page(String room, List<Envelope> rows, int limit, boolean newestFirst) {
        List<Envelope> page = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        if (newestFirst) {
            Collections.reverse(page);
        }
        return new MessagePage(room, page, rows.size() > limit);
    }

    @Override
    public boolean exists(String room) {
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement(PostgresSql.ROOM_EXISTS)) {
                st.setString(1, room);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<RoomSummary> rooms(List<String> names) {
        return read(c -> {
            var rooms = new ArrayList<RoomSummary>();
            try (PreparedStatement st = c.prepareStatement(PostgresSql.ROOM_SUMMARY)) {
                for (String name : names) {
                    st.setString(1, name);
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            String last = rs.getString("last");
                            rooms.add(new RoomSummary(rs.getString("room"), rs.getLong("count"),
                                    rs.getLong("last_seq"), last == null ? null : codec.decode(last)));
                        }
                    }
                }
            }
            return rooms;
        });
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

    @Override
    public void export(String room, Consumer<Envelope> sink) {
        long after = 0;
        while (true) {
            long from = after;
            List<Envelope> page = read(c -> envelopes(c, PostgresSql.AFTER, room, from, EXPORT_PAGE));
            page.stream().filter(row -> row.isMessage() && !row.deleted()).forEach(sink);
            if (page.size() < EXPORT_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    @Override
    public Optional<Envelope> message(String room, long seq) {
        return read(c -> envelopes(c, PostgresSql.ONE, room, seq).stream().findFirst());
    }

    @Override
    public List<RoomActivity> allRooms() {
        return read(c -> {
            var rooms = new ArrayList<RoomActivity>();
            try (PreparedStatement st = c.prepareStatement(PostgresSql.ALL_ROOMS); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rooms.add(new RoomActivity(rs.getString("room"), rs.getLong("count"), rs.getLong("last_seq"),
                            rs.getLong("last_ts")));
                }
            }
            return rooms;
        });
    }

    @Override
    public long count() {
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement(PostgresSql.COUNT); ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public long deleteRoom(String room) {
        return deleteInChunks(PostgresSql.DELETE_ROOM_CHUNK, room);
    }

    @Override
    public long enforceRetention(Instant now) {
        List<String> rooms = read(c -> {
            var names = new ArrayList<String>();
            try (PreparedStatement st = c.prepareStatement(PostgresSql.RETENTION_ROOMS);
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
        long deleted = 0;
        for (String room : rooms) {
            Retention.Limits limits = retention.forRoom(room);
            if (!limits.maxAge().isZero()) {
                long cutoff = now.minus(limits.maxAge()).toEpochMilli();
                deleted += deleteInChunks(PostgresSql.DELETE_OLDER_THAN, room, cutoff);
            }
            if (limits.maxMessages() > 0) {
                deleted += deleteInChunks(PostgresSql.DELETE_BEYOND_COUNT, room, room, limits.maxMessages());
            }
        }
        return deleted;
    }

    /**
     * Runs a delete whose last parameter is a row limit, each chunk of at most {@link #RETENTION_CHUNK} messages its
     * own transaction beside the writer's (PostgreSQL's row locks keep them apart), until a chunk deletes fewer.
     */
    private long deleteInChunks(String sql, Object... params) {
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

    private List<Envelope> envelopes(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            var found = new ArrayList<Envelope>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(rows.read(rs));
                }
            }
            return found;
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a connection of the pool (in auto-commit: each statement its own transaction). */
    private <T> T read(Read<T> work) {
        try (Connection c = database.connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("history query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.close();
        database.close();
    }
}
