package chat.parley.bridge;

/** The SQL of {@link RepairLedger}: tables {@code bridge_log} and {@code bridge_progress} (migration 11). */
final class LedgerSql {

    private LedgerSql() {
    }

    static final String INSERT_ROW = """
            INSERT INTO bridge_log (origin, room, oseq, seq) VALUES (?, ?, ?, ?)
            ON CONFLICT (origin, room, oseq) DO UPDATE SET seq = COALESCE(bridge_log.seq, excluded.seq)""";
    static final String SAVE_PROGRESS = """
            INSERT INTO bridge_progress (origin, room, held, highest, updated) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (origin, room) DO UPDATE
            SET held = excluded.held, highest = excluded.highest, updated = excluded.updated""";
    static final String ALL_PROGRESS = "SELECT origin, room, held, highest FROM bridge_progress";
    static final String ABOVE =
            "SELECT oseq FROM bridge_log WHERE origin = ? AND room = ? AND oseq > ? ORDER BY oseq LIMIT ?";
    static final String COUNT_HELD =
            "SELECT COUNT(*) FROM bridge_log WHERE origin = ? AND room = ? AND oseq > ? AND oseq <= ?";
    static final String LAST_OWN = "SELECT MAX(oseq) FROM bridge_log WHERE origin = ? AND room = ?";
    static final String LAST_OWN_SEQ =
            "SELECT seq FROM bridge_log WHERE origin = ? AND room = ? ORDER BY oseq DESC LIMIT 1";
    static final String ROWS = """
            SELECT oseq, seq FROM bridge_log WHERE origin = ? AND room = ? AND oseq > ? AND oseq <= ?
            ORDER BY oseq LIMIT ?""";
    /**
     * Rows of one origin and room with counters in {@code (?, ?]} that nobody needs any more: refused here (no seq),
     * or stored under a seq below the oldest one the room's history still has ({@code ?}: history loses messages
     * only from a room's oldest end, by retention, or all of them with the room). The history may be in another
     * database (PostgreSQL), so it is asked for that seq rather than joined. The caller bounds the range: below each
     * room's last own counter (the numbering goes on from it), at most {@code held} for other origins (rows above it
     * still close a gap).
     */
    static final String PRUNE_RANGE = """
            DELETE FROM bridge_log
            WHERE origin = ? AND room = ? AND oseq > ? AND oseq <= ? AND (seq IS NULL OR seq < ?)""";
    static final String OWN_ROOMS = "SELECT room, MIN(oseq), MAX(oseq) FROM bridge_log WHERE origin = ? "
            + "GROUP BY room";
    static final String FIRST = "SELECT MIN(oseq) FROM bridge_log WHERE origin = ? AND room = ?";
}
