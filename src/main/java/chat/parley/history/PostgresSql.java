package chat.parley.history;

/**
 * Every SQL statement of the PostgreSQL store, by name (schema: {@code db/PostgresSchema}). PostgreSQL's JDBC
 * driver numbers parameters only by position, so statements that {@link MessageEvents} shares with SQLite (whose
 * SQL names them {@code ?1 … ?5}) take theirs as a one-row derived table {@code p}, in the same order.
 */
final class PostgresSql {

    private PostgresSql() {
    }

    /**
     * The writer's first statement in each transaction: a row for every room of the batch ({@code ?} a sorted
     * {@code text[]}). Then {@link #LOCK_ROOMS} takes their locks in the same order, so two nodes writing the same
     * rooms wait for each other and never deadlock.
     */
    static final String ENSURE_ROOMS = """
            INSERT INTO rooms (room, last_seq) SELECT r, 0 FROM unnest(?::text[]) AS r ORDER BY r
            ON CONFLICT (room) DO NOTHING""";
    /**
     * Locks the batch's rooms until the commit and reads their last seq: each room's seq is taken by one transaction
     * at a time, in every Parley process that shares this database, so seqs have no gaps and no duplicates.
     */
    static final String LOCK_ROOMS = """
            SELECT room, last_seq FROM rooms WHERE room = ANY(?::text[]) ORDER BY room FOR UPDATE""";
    /** Which of the batch's ids ({@code ?} rooms, {@code ?} ids, pairwise) are already stored, read after the lock. */
    static final String FIND_IDS = """
            SELECT m.room, m.msg_id, m.envelope FROM messages m
            JOIN unnest(?::text[], ?::text[]) AS k (room, msg_id) ON m.room = k.room AND m.msg_id = k.msg_id""";
    static final String INSERT_MESSAGE = """
            INSERT INTO messages (room, seq, msg_id, sender, ts, type, body, envelope, target)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** A room's last seq after the batch, and how many rows the batch added to it. */
    static final String SET_LAST_SEQ = "UPDATE rooms SET last_seq = ?, count = count + ? WHERE room = ?";

    static final EventSql EVENTS = new EventSql(
            "SELECT id, envelope FROM messages WHERE room = ? AND msg_id = ?",
            """
            UPDATE messages SET envelope = p.envelope, body = p.body, edited = COALESCE(p.edited, messages.edited),
                                rev = p.rev
            FROM (SELECT ?::bigint AS id, ?::text AS envelope, ?::text AS body, ?::bigint AS edited,
                         ?::bigint AS rev) p
            WHERE messages.id = p.id""",
            "UPDATE messages SET rev = p.rev FROM (SELECT ?::bigint AS id, ?::bigint AS rev) p WHERE messages.id = p.id",
            """
            UPDATE messages SET replies = GREATEST(0, messages.replies + p.delta), rev = p.rev
            FROM (SELECT ?::bigint AS id, ?::integer AS delta, ?::bigint AS rev) p WHERE messages.id = p.id""",
            """
            INSERT INTO reactions (room, target, emoji, "user", ts) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""",
            "DELETE FROM reactions WHERE room = ? AND target = ? AND emoji = ? AND \"user\" = ?",
            "DELETE FROM reactions WHERE room = ? AND target = ?",
            "SELECT id, envelope FROM messages WHERE room = ? AND target = ? AND type = 'edit'",
            "UPDATE messages SET envelope = ? WHERE id = ?");

    /** What a history read takes of each row ({@link MessageRows}); reactions as {@code [[emoji,user],…]}. */
    private static final String ROW = """
            SELECT m.envelope, m.seq, m.edited, m.replies, m.rev,
                   (SELECT json_agg(json_build_array(r.emoji, r."user") ORDER BY r.ts, r.emoji, r."user")::text
                    FROM reactions r WHERE r.room = m.room AND r.target = m.msg_id) AS reactions
            FROM messages m""";
    static final String BEFORE = ROW + " WHERE m.room = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
    static final String AFTER = ROW + " WHERE m.room = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";
    static final String ONE = ROW + " WHERE m.room = ? AND m.seq = ?";
    static final String ROOM_EXISTS = "SELECT 1 FROM rooms WHERE room = ? AND last_seq > 0";
    static final String ROOM_SUMMARY = """
            SELECT r.room, r.last_seq, r.count,
                   (SELECT envelope FROM messages m WHERE m.room = r.room AND m.target IS NULL
                    ORDER BY seq DESC LIMIT 1) AS last
            FROM rooms r WHERE r.room = ? AND r.last_seq > 0""";
    static final String ALL_ROOMS = """
            SELECT m.room, COUNT(*) AS count, r.last_seq, MAX(m.ts) AS last_ts
            FROM messages m JOIN rooms r ON r.room = m.room
            GROUP BY m.room, r.last_seq ORDER BY last_ts DESC""";
    static final String COUNT = "SELECT COUNT(*) FROM messages";
    static final String LAST_SEQS = "SELECT room, last_seq FROM rooms";

    /**
     * Search, step 1: what the user typed as a {@code tsquery} ({@code %s}: the terms, see {@link PostgresSearch}).
     * Step 2 takes it as a value, so the planner sees the actual words: a rare word is looked up in the GIN index, a
     * very common one found by walking the newest messages until the window is full.
     */
    static final String SEARCH_QUERY = "SELECT (%s)::text";

    /**
     * Search, step 2: the {@code ?} most recent matches of the query in the reader's scope (the window, so common
     * words stay fast), ranked with {@code ts_rank}, best first, with a snippet. {@code %s} is the filters of room,
     * sender and scope; see {@link PostgresSearch} for the parameters.
     */
    static final String SEARCH = """
            SELECT m.room, m.seq, m.sender, m.ts, m.envelope,
                   ts_headline('simple', m.body, ?::tsquery, ?) AS snippet
            FROM (SELECT m.id, m.room, m.seq, m.sender, m.ts, m.envelope, m.body, m.search
                  FROM messages m WHERE m.search @@ ?::tsquery %s
                  ORDER BY m.id DESC LIMIT ?) AS m
            ORDER BY ts_rank(m.search, ?::tsquery) DESC, m.id DESC LIMIT ?""";

    static final String RETENTION_ROOMS = "SELECT room FROM rooms";

    /**
     * Deletes the messages a subquery picks ({@code %s}, ending in {@code LIMIT ?}) and their reactions, and takes
     * them off their room's count, in one statement; returns how many messages went.
     */
    private static final String DELETE_WITH_REACTIONS = """
            WITH gone AS (DELETE FROM messages WHERE id IN (%s) RETURNING room, msg_id),
                 reactions_gone AS (DELETE FROM reactions r USING gone g
                                    WHERE r.room = g.room AND r.target = g.msg_id RETURNING 1),
                 counted AS (UPDATE rooms r SET count = r.count - g.n
                             FROM (SELECT room, COUNT(*) AS n FROM gone GROUP BY room) g
                             WHERE r.room = g.room RETURNING 1)
            SELECT COUNT(*) FROM gone""";
    static final String DELETE_OLDER_THAN = DELETE_WITH_REACTIONS.formatted(
            "SELECT id FROM messages WHERE room = ? AND ts < ? LIMIT ?");
    static final String DELETE_BEYOND_COUNT = DELETE_WITH_REACTIONS.formatted("""
            SELECT id FROM messages WHERE room = ? AND seq <= (
                SELECT seq FROM messages WHERE room = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
            LIMIT ?""");
    static final String DELETE_ROOM_CHUNK = DELETE_WITH_REACTIONS.formatted(
            "SELECT id FROM messages WHERE room = ? LIMIT ?");
}
