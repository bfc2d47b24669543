package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.config.Retention;
import chat.parley.db.Database;
import chat.parley.db.SqlWork;
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
 * The history store in one SQLite file ({@code {data-dir}/parley.db}) in WAL mode: group commit on the database's
 * one writer thread, reads on its pool of read connections, which never block it.
 */
public final class SqliteMessageStore implements MessageStore {

    private static final int RETENTION_CHUNK = 500;
    private static final int EXPORT_PAGE = 1000;
    /** Search ranks the best matches among this many most recent ones, so common words stay fast. */
    static final int SEARCH_WINDOW = 2000;

    private final Database database;
    private final EnvelopeJson codec;
    private final MessageRows rows;
    private final Retention retention;
    private final GroupCommitWriter writer;
    private final StoreHealth health;
    private final Checkpointer checkpointer;

    private SqliteMessageStore(Database database, ObjectMapper json, Retention retention, GroupCommitWriter writer,
                               StoreHealth health, Checkpointer checkpointer) {
        this.database = database;
        this.codec = new EnvelopeJson(json);
        this.rows = new MessageRows(codec);
        this.retention = retention;
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
    public MessagePage latest(String room, int limit) {
        return before(room, Long.MAX_VALUE, limit);
    }

    @Override
    public MessagePage before(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, Sql.BEFORE, room, seq, limit + 1), limit, true));
    }

    @Override
    public MessagePage after(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, Sql.AFTER, room, seq, limit + 1), limit, false));
    }

    @Override
    public MessagePage around(String room, long seq, int limit) {
        int newer = limit / 2;
        int older = limit - newer;
        return read(c -> {
            // The row at seq and older ones, then newer ones; each read takes one row more than it keeps, which only
            // says whether there is more on that side.
            List<Envelope> before = envelopes(c, Sql.BEFORE, room, seq == Long.MAX_VALUE ? seq : seq + 1, older + 1);
            List<Envelope> after = newer == 0 ? List.of() : envelopes(c, Sql.AFTER, room, seq, newer + 1);
            var page = new ArrayList<Envelope>(before.subList(0, Math.min(older, before.size())));
            Collections.reverse(page);
            page.addAll(after.subList(0, Math.min(newer, after.size())));
            boolean moreBefore = before.size() > older;
            boolean moreAfter = newer == 0 ? !envelopes(c, Sql.AFTER, room, seq, 1).isEmpty() : after.size() > newer;
            return new MessagePage(room, page, moreBefore || moreAfter, moreBefore, moreAfter);
        });
    }

    /** A page from {@code limit + 1} rows (the extra one only says there is more), in ascending seq order. */
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
            try (PreparedStatement st = c.prepareStatement(Sql.ROOM_EXISTS)) {
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
            try (PreparedStatement st = c.prepareStatement(Sql.ROOM_SUMMARY)) {
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

    @Override
    public void export(String room, Consumer<Envelope> sink) {
        long after = 0;
        while (true) {
            long from = after;
            List<Envelope> page = read(c -> envelopes(c, Sql.EXPORT_PAGE, room, from, EXPORT_PAGE));
            page.stream().filter(row -> row.isMessage() && !row.deleted()).forEach(sink);
            if (page.size() < EXPORT_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    @Override
    public Optional<Envelope> message(String room, long seq) {
        return read(c -> envelopes(c, Sql.ONE, room, seq).stream().findFirst());
    }

    @Override
    public List<RoomActivity> allRooms() {
        return read(c -> {
            var rooms = new ArrayList<RoomActivity>();
            try (PreparedStatement st = c.prepareStatement(Sql.ALL_ROOMS); ResultSet rs = st.executeQuery()) {
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
            try (PreparedStatement st = c.prepareStatement(Sql.COUNT); ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public long deleteRoom(String room) {
        return deleteInChunks(Sql.DELETE_ROOM_CHUNK, room);
    }

    @Override
    public long enforceRetention(Instant now) {
        List<String> rooms = read(c -> {
            var names = new ArrayList<String>();
            try (PreparedStatement st = c.prepareStatement(Sql.RETENTION_ROOMS); ResultSet rs = st.executeQuery()) {
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
                deleted += deleteInChunks(Sql.DELETE_OLDER_THAN, room, cutoff);
            }
            if (limits.maxMessages() > 0) {
                deleted += deleteInChunks(Sql.DELETE_BEYOND_COUNT, room, room, limits.maxMessages());
            }
        }
        return deleted;
    }

    /**
     * Runs a {@code DELETE} whose last parameter is a row limit in transactions of at most {@link #RETENTION_CHUNK}
     * rows, queued between appends, until it deletes fewer than that.
     */
    private long deleteInChunks(String sql, Object... params) {
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


    private <T> T read(SqlWork<T> work) {
        try {
            return database.read(work);
        } catch (SQLException e) {
            throw new StoreException("history query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.close();
        checkpointer.close();
    }
}
