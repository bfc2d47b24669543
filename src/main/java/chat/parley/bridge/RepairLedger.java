package chat.parley.bridge;

import chat.parley.db.Database;
import chat.parley.db.SqlWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Which bridged messages this site holds, by origin site and that site's own per-room counter ({@code oseq}), durable
 * in {@code parley.db} ({@code bridge_log}, {@code bridge_progress}). For this site's own messages it hands out the
 * counters; for every other origin it keeps, per room, the highest counter held with no gap before it ({@code held})
 * and the highest one seen or announced ({@code highest}): between the two is an open gap, which the bridge asks the
 * other sites to repair. Thread-safe: changes run on the database's writer, each call's in one transaction that
 * commits before it returns; reads on its reader pool.
 * <p>
 * The first time an origin is heard of in a room, its history starts there: a site that joins a prefix is not sent
 * everything the others said before (only gaps after that are repaired).
 */
final class RepairLedger {

    /** Counters per pruning transaction: short, so history's writer never waits long for the database. */
    private static final int PRUNE_CHUNK = 1_000;
    private static final int ADVANCE_PAGE = 256;

    /** Where one origin stands in one room: every counter up to {@code held} is here (or known to be gone). */
    record Progress(String origin, String room, long held, long highest) {
        /** Whether counters between {@code held} and {@code highest} are missing. */
        boolean gap() {
            return highest > held;
        }
    }

    /**
     * Counters {@code from..to} an answer covered without a message: deleted there, or (when
     * {@code unavailableBefore} is set) no longer kept by the origin; {@code unavailableBefore} is then the time
     * (ms) of the first message it still has after them.
     */
    record Span(long from, long to, Long unavailableBefore) {
        long count() {
            return to - from + 1;
        }
    }

    /** One counter this site can answer for, and the local seq it is stored under ({@code null}: not stored). */
    record Row(long oseq, Long seq) {
    }

    private record Key(String origin, String room) {
    }

    private final Database database;
    private final String self;
    private final Map<Key, Progress> progress = new ConcurrentHashMap<>();
    private final Map<String, Long> own = new ConcurrentHashMap<>();

    private RepairLedger(Database database, String self) {
        this.database = database;
        this.self = self;
    }

    /** Opens the ledger of a (migrated) database for the site {@code self}. */
    static RepairLedger open(Database database, String self) throws SQLException {
        var ledger = new RepairLedger(database, self);
        for (Progress p : database.query(LedgerSql.ALL_PROGRESS,
                rs -> new Progress(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))) {
            ledger.progress.put(new Key(p.origin(), p.room()), p);
        }
        return ledger;
    }

    /** Numbers this site's next bridged message of a room, stored under local {@code seq}; returns its counter. */
    long assignOwn(String room, long seq) throws SQLException {
        return write(c -> {
            long next = loadLastOwn(c, room) + 1;
            insertRow(c, self, room, next, seq);
            own.put(room, next);
            return next;
        });
    }

    /**
     * Marks where this site's bridged messages of a room start, before any is numbered: a row at counter 0 (never
     * asked for or sent, counters start at 1; pruning keeps a room's last own row) under local seq {@code seq}, so
     * that following the history ({@link HistoryFollower}) goes on from there after a restart. Does nothing once the
     * room has a row.
     */
    void startOwn(String room, long seq) throws SQLException {
        write(c -> {
            if (loadLastOwn(c, room) == 0) {
                insertRow(c, self, room, 0, seq);
            }
            return null;
        });
    }

    /**
     * The local seq of the last message of the room this site numbered (or of its {@link #startOwn start}),
     * {@code null} when there is none.
     */
    Long lastOwnSeq(String room) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement st = c.prepareStatement(LedgerSql.LAST_OWN_SEQ)) {
                st.setString(1, self);
                st.setString(2, room);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? null : seq;
                }
            }
        });
    }

    /** The last counter this site gave a bridged message of the room, 0 for none. */
    long lastOwn(String room) throws SQLException {
        Long known = own.get(room);
        if (known != null) {
            return known;
        }
        // Not cached from here: only the writer fills the cache, so a read never puts back an older counter.
        return database.read(c -> lastOwnStored(c, room));
    }

    private long loadLastOwn(Connection c, String room) throws SQLException {
        Long known = own.get(room);
        if (known != null) {
            return known;
        }
        long last = lastOwnStored(c, room);
        own.put(room, last);
        return last;
    }

    private long lastOwnStored(Connection c, String room) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(LedgerSql.LAST_OWN)) {
            st.setString(1, self);
            st.setString(2, room);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Records that counter {@code oseq} of {@code origin} arrived in {@code room}, stored under local {@code seq}
     * ({@code null}: refused by this site's rules, which another try would not change).
     *
     * @return where that origin now stands in the room
     */
    Progress seen(String origin, String room, long oseq, Long seq) throws SQLException {
        return write(c -> {
            Progress p = progress.get(new Key(origin, room));
            if (p == null) {
                p = new Progress(origin, room, oseq - 1, oseq - 1); // first contact: its history starts here
            }
            insertRow(c, origin, room, oseq, seq);
            if (oseq <= p.held()) {
                return p; // a repeat: nothing changes (the row keeps a seq learnt late, for answering others)
            }
            return save(c, advance(c, new Progress(origin, room, p.held(), Math.max(p.highest(), oseq))));
        });
    }

    /** Records that {@code origin} says it has numbered {@code head} messages of the room so far. */
    Progress announced(String origin, String room, long head) throws SQLException {
        return write(c -> {
            Progress p = progress.get(new Key(origin, room));
            if (p == null) {
                return save(c, new Progress(origin, room, head, head)); // first contact: nothing before this is owed
            }
            return head <= p.highest() ? p : save(c, new Progress(origin, room, p.held(), head));
        });
    }

    /**
     * Records that the origin itself said its last counter in the room is {@code latest}: anything above it that was
     * "seen" was a claim it does not make (a forged counter), so the gap it opened is closed.
     */
    Progress disowned(String origin, String room, long latest) throws SQLException {
        return write(c -> {
            Progress p = progress.get(new Key(origin, room));
            if (p == null || p.highest() <= latest) {
                return p;
            }
            return save(c, new Progress(origin, room, p.held(), Math.max(p.held(), latest)));
        });
    }

    /**
     * Marks counters an answer covered without a message as held. Spans are applied in order while they join what is
     * held; one beyond a counter still missing is left for a later answer (it is sent again).
     *
     * @return the spans (or their parts) that were newly covered; empty when the pair is unknown
     */
    List<Span> cover(String origin, String room, List<Span> spans) throws SQLException {
        return write(c -> {
            Progress p = progress.get(new Key(origin, room));
            var applied = new ArrayList<Span>();
            if (p == null) {
                return applied;
            }
            p = advance(c, p);
            for (Span span : spans.stream().sorted(java.util.Comparator.comparingLong(Span::from)).toList()) {
                if (span.to() <= p.held()) {
                    continue;
                }
                if (span.from() > p.held() + 1) {
                    break;
                }
                applied.add(new Span(p.held() + 1, span.to(), span.unavailableBefore()));
                p = advance(c, new Progress(origin, room, span.to(), Math.max(p.highest(), span.to())));
            }
            save(c, p);
            return applied;
        });
    }

    /** The lowest counter above {@code after} that is held, or {@code null}: where the gap after it ends. */
    Long firstHeldAbove(String origin, String room, long after) throws SQLException {
        return database.read(c -> {
            List<Long> above = above(c, origin, room, after, 1);
            return above.isEmpty() ? null : above.get(0);
        });
    }

    /** How many counters in {@code (after, upto]} of {@code origin} in the room are held. */
    long heldAbove(String origin, String room, long after, long upto) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement st = c.prepareStatement(LedgerSql.COUNT_HELD)) {
                st.setString(1, origin);
                st.setString(2, room);
                st.setLong(3, after);
                st.setLong(4, upto);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Up to {@code limit} rows of {@code origin} in the room with counters in {@code (after, upto]}, ascending. */
    List<Row> rows(String origin, String room, long after, long upto, int limit) throws SQLException {
        return database.read(c -> {
            var rows = new ArrayList<Row>();
            try (PreparedStatement st = c.prepareStatement(LedgerSql.ROWS)) {
                st.setString(1, origin);
                st.setString(2, room);
                st.setLong(3, after);
                st.setLong(4, upto);
                st.setInt(5, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(2);
                        rows.add(new Row(rs.getLong(1), rs.wasNull() ? null : seq));
                    }
                }
            }
            return rows;
        });
    }

    /** Where {@code origin} stands in the room, or {@code null} when it was never heard of there. */
    Progress progress(String origin, String room) {
        return progress.get(new Key(origin, room));
    }

    /** Every other origin and room this site keeps track of, by origin then room. */
    List<Progress> all() {
        return progress.values().stream()
                .sorted(java.util.Comparator.comparing(Progress::origin).thenComparing(Progress::room)).toList();
    }

    /**
     * Removes rows nobody needs any more (see {@link LedgerSql#PRUNE_RANGE}), {@value #PRUNE_CHUNK} counters per
     * transaction, letting other calls in between; returns how many.
     *
     * @param oldestKept per room, the oldest seq its history still has ({@link Long#MAX_VALUE} when it has none)
     */
    int prune(ToLongFunction<String> oldestKept) throws SQLException {
        record Range(String origin, String room, long from, long to) {
        }
        var ranges = new ArrayList<Range>();
        database.read(c -> {
            try (PreparedStatement st = c.prepareStatement(LedgerSql.OWN_ROOMS)) {
                st.setString(1, self);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ranges.add(new Range(self, rs.getString(1), rs.getLong(2) - 1, rs.getLong(3) - 1));
                    }
                }
            }
            for (Progress p : progress.values()) {
                try (PreparedStatement st = c.prepareStatement(LedgerSql.FIRST)) {
                    st.setString(1, p.origin());
                    st.setString(2, p.room());
                    try (ResultSet rs = st.executeQuery()) {
                        long first = rs.next() ? rs.getLong(1) : 0;
                        if (!rs.wasNull()) {
                            ranges.add(new Range(p.origin(), p.room(), first - 1, p.held()));
                        }
                    }
                }
            }
            return null;
        });
        int removed = 0;
        var oldest = new java.util.HashMap<String, Long>();
        for (Range range : ranges) {
            long below = oldest.computeIfAbsent(range.room(), oldestKept::applyAsLong);
            for (long from = range.from(); from < range.to(); from += PRUNE_CHUNK) {
                long after = from;
                long upto = Math.min(range.to(), from + PRUNE_CHUNK);
                removed += write(c -> {
                    try (PreparedStatement st = c.prepareStatement(LedgerSql.PRUNE_RANGE)) {
                        st.setString(1, range.origin());
                        st.setString(2, range.room());
                        st.setLong(3, after);
                        st.setLong(4, upto);
                        st.setLong(5, below);
                        return st.executeUpdate();
                    }
                });
            }
        }
        return removed;
    }

    /** Moves {@code held} over every counter held right after it. */
    private Progress advance(Connection c, Progress p) throws SQLException {
        long held = p.held();
        while (true) {
            List<Long> above = above(c, p.origin(), p.room(), held, ADVANCE_PAGE);
            int i = 0;
            while (i < above.size() && above.get(i) == held + 1) {
                held++;
                i++;
            }
            if (i < ADVANCE_PAGE) {
                break;
            }
        }
        return new Progress(p.origin(), p.room(), held, Math.max(p.highest(), held));
    }

    private List<Long> above(Connection c, String origin, String room, long after, int limit) throws SQLException {
        var counters = new ArrayList<Long>();
        try (PreparedStatement st = c.prepareStatement(LedgerSql.ABOVE)) {
            st.setString(1, origin);
            st.setString(2, room);
            st.setLong(3, after);
            st.setInt(4, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counters.add(rs.getLong(1));
                }
            }
        }
        return counters;
    }

    private void insertRow(Connection c, String origin, String room, long oseq, Long seq) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(LedgerSql.INSERT_ROW)) {
            st.setString(1, origin);
            st.setString(2, room);
            st.setLong(3, oseq);
            if (seq == null) {
                st.setNull(4, java.sql.Types.INTEGER);
            } else {
                st.setLong(4, seq);
            }
            st.executeUpdate();
        }
    }

    private Progress save(Connection c, Progress p) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(LedgerSql.SAVE_PROGRESS)) {
            st.setString(1, p.origin());
            st.setString(2, p.room());
            st.setLong(3, p.held());
            st.setLong(4, p.highest());
            st.setLong(5, System.currentTimeMillis());
            st.executeUpdate();
        }
        progress.put(new Key(p.origin(), p.room()), p);
        return p;
    }

    /**
     * Runs {@code work} in one transaction on the database's writer (a received message costs one commit, not one
     * per statement). Every change of the ledger runs there, one after another, so no lock of this class is held
     * while waiting for the writer: the writer thread itself numbers accepted messages ({@link #assignOwn}).
     */
    private <T> T write(SqlWork<T> work) throws SQLException {
        return database.write(work);
    }
}
