package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.config.Retention;
import chat.parley.db.SqlStore;
import chat.parley.db.SqlWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the SQLite and the PostgreSQL history stores do alike: the reads (pages, rooms, export) and retention's choice
 * of what to delete, each in the store's own SQL ({@link HistorySql}) on its database's read connections. A store
 * adds what differs by engine: writing, search, and how a delete runs beside the writer.
 */
abstract sealed class SqlMessageStore implements MessageStore permits SqliteMessageStore, PostgresMessageStore {

    static final int RETENTION_CHUNK = 500;
    private static final int EXPORT_PAGE = 1000;

    private final SqlStore database;
    private final HistorySql sql;
    private final Retention retention;
    final EnvelopeJson codec;
    private final MessageRows rows;

    SqlMessageStore(SqlStore database, HistorySql sql, Retention retention, EnvelopeJson codec) {
        this.database = database;
        this.sql = sql;
        this.retention = retention;
        this.codec = codec;
        this.rows = new MessageRows(codec);
    }

    /**
     * Runs a delete whose last parameter is a row limit in chunks of at most {@link #RETENTION_CHUNK} messages, until
     * a chunk deletes fewer; returns how many went.
     */
    abstract long deleteInChunks(String sql, Object... params);

    @Override
    public MessagePage latest(String room, int limit) {
        return before(room, Long.MAX_VALUE, limit);
    }

    @Override
    public MessagePage before(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, sql.before(), room, seq, limit + 1), limit, true));
    }

    @Override
    public MessagePage after(String room, long seq, int limit) {
        return read(c -> page(room, envelopes(c, sql.after(), room, seq, limit + 1), limit, false));
    }

    @Override
    public MessagePage around(String room, long seq, int limit) {
        int newer = limit / 2;
        int older = limit - newer;
        return read(c -> {
            // The row at seq and older ones, then newer ones; each read takes one row more than it keeps, which only
            // says whether there is more on that side.
            List<Envelope> before = envelopes(c, sql.before(), room, seq == Long.MAX_VALUE ? seq : seq + 1,
                    older + 1);
            List<Envelope> after = newer == 0 ? List.of() : envelopes(c, sql.after(), room, seq, newer + 1);
            var page = new ArrayList<Envelope>(before.subList(0, Math.min(older, before.size())));
            Collections.reverse(page);
            page.addAll(after.subList(0, Math.min(newer, after.size())));
            boolean moreBefore = before.size() > older;
            boolean moreAfter = newer == 0 ? !envelopes(c, sql.after(), room, seq, 1).isEmpty()
                    : after.size() > newer;
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
            try (PreparedStatement st = c.prepareStatement(sql.roomExists())) {
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
            try (PreparedStatement st = c.prepareStatement(sql.roomSummary())) {
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
    public void export(String room, Consumer<Envelope> sink) {
        long after = 0;
        while (true) {
            long from = after;
            List<Envelope> page = read(c -> envelopes(c, sql.after(), room, from, EXPORT_PAGE));
            page.stream().filter(row -> row.isMessage() && !row.deleted()).forEach(sink);
            if (page.size() < EXPORT_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    @Override
    public Optional<Envelope> message(String room, long seq) {
        return read(c -> envelopes(c, sql.one(), room, seq).stream().findFirst());
    }

    @Override
    public List<RoomActivity> allRooms() {
        return read(c -> {
            var rooms = new ArrayList<RoomActivity>();
            try (PreparedStatement st = c.prepareStatement(sql.allRooms()); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rooms.add(new RoomActivity(rs.getString("room"), rs.getLong("count"), rs.getLong("last_seq"),
                            rs.getLong("last_ts")));
                }
            }
            return rooms;
        });
    }

    @Override
    public Map<String, Long> lastSeqs() {
        return read(c -> {
            var last = new HashMap<String, Long>();
            try (PreparedStatement st = c.prepareStatement(sql.lastSeqs()); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getLong(2));
                }
            }
            return last;
        });
    }

    @Override
    public long count() {
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement(sql.count()); ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public long deleteRoom(String room) {
        return deleteInChunks(sql.deleteRoomChunk(), room);
    }

    @Override
    public long enforceRetention(Instant now) {
        List<String> rooms = read(c -> {
            var names = new ArrayList<String>();
            try (PreparedStatement st = c.prepareStatement(sql.retentionRooms()); ResultSet rs = st.executeQuery()) {
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
                deleted += deleteInChunks(sql.deleteOlderThan(), room, cutoff);
            }
            if (limits.maxMessages() > 0) {
                deleted += deleteInChunks(sql.deleteBeyondCount(), room, room, limits.maxMessages());
            }
        }
        return deleted;
    }

    private List<Envelope> envelopes(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(statement)) {
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

    /** Runs {@code work} on one of the database's read connections; a failed query is the store's. */
    final <T> T read(SqlWork<T> work) {
        try {
            return database.read(work);
        } catch (SQLException e) {
            throw new StoreException("history query failed: " + e.getMessage(), e);
        }
    }
}
