package chat.parley.history;

/** Every SQL statement of the SQLite store, by name. */
final class Sql {

    private Sql() {
    }

    static final String LAST_SEQ = "SELECT last_seq FROM rooms WHERE room = ?";
    static final String UPSERT_LAST_SEQ = """
            INSERT INTO rooms (room, last_seq) VALUES (?, ?)
            ON CONFLICT (room) DO UPDATE SET last_seq = excluded.last_seq""";
    static final String FIND_BY_ID = "SELECT envelope FROM messages WHERE room = ? AND msg_id = ?";
    static final String INSERT_MESSAGE = """
            INSERT INTO messages (room, seq, msg_id, sender, ts, type, body, envelope, target)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (room, msg_id) DO NOTHING""";

    // Events (MessageEvents): each reads and changes its target inside the writer's transaction.
    static final String FIND_TARGET = "SELECT id, envelope FROM messages WHERE room = ? AND msg_id = ?";
    /** A new current state of row {@code ?1}: content {@code ?2}, indexed text {@code ?3}, edit time {@code ?4}. */
    static final String UPDATE_TARGET = """
            UPDATE messages SET envelope = ?2, body = ?3, edited = COALESCE(?4, edited), rev = ?5 WHERE id = ?1""";
    static final String SET_REV = "UPDATE messages SET rev = ?2 WHERE id = ?1";
    static final String COUNT_REPLY = "UPDATE messages SET replies = MAX(0, replies + ?2), rev = ?3 WHERE id = ?1";
    static final String ADD_REACTION = """
            INSERT OR IGNORE INTO reactions (room, target, emoji, user, ts) VALUES (?, ?, ?, ?, ?)""";
    static final String REMOVE_REACTION = """
            DELETE FROM reactions WHERE room = ? AND target = ? AND emoji = ? AND user = ?""";
    static final String CLEAR_REACTIONS = "DELETE FROM reactions WHERE room = ? AND target = ?";
    static final String EDITS_OF = "SELECT id, envelope FROM messages WHERE room = ? AND target = ? AND type = 'edit'";
    static final String REWRITE_ENVELOPE = "UPDATE messages SET envelope = ? WHERE id = ?";

    static final String INDEXED_UPTO = "SELECT indexed_upto FROM search_state";
    /** The last id of the next {@code ?2} messages after id {@code ?1}, or NULL when there are none. */
    static final String NEXT_TO_INDEX = """
            SELECT MAX(id) FROM (SELECT id FROM messages WHERE id > ?1 ORDER BY id LIMIT ?2)""";
    static final String INDEX_RANGE = """
            INSERT INTO message_fts (rowid, body, room_token, sender_token)
            SELECT id, body, 'r' || hex(room), 's' || hex(sender)
            FROM messages WHERE id > ?1 AND id <= ?2 AND body IS NOT NULL""";
    static final String SET_INDEXED_UPTO = "UPDATE search_state SET indexed_upto = ?";

    /**
     * What a history read takes of each row ({@link MessageRows}): the envelope (current content) and the state of a
     * message: edit time, reply count, rev, and its reactions as {@code [[emoji,user],…]} in the order they came.
     */
    private static final String ROW = """
            SELECT m.envelope, m.seq, m.edited, m.replies, m.rev,
                   (SELECT json_group_array(json_array(r.emoji, r.user) ORDER BY r.ts, r.emoji, r.user)
                    FROM reactions r WHERE r.room = m.room AND r.target = m.msg_id) AS reactions
            FROM messages m""";
    static final String BEFORE = ROW + " WHERE m.room = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
    static final String AFTER = ROW + " WHERE m.room = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";
    static final String ONE = ROW + " WHERE m.room = ? AND m.seq = ?";
    static final String ROOM_EXISTS = "SELECT 1 FROM rooms WHERE room = ?";
    static final String ROOM_SUMMARY = """
            SELECT r.room, r.last_seq,
                   (SELECT COUNT(*) FROM messages m WHERE m.room = r.room) AS count,
                   (SELECT envelope FROM messages m WHERE m.room = r.room AND m.target IS NULL
                    ORDER BY seq DESC LIMIT 1) AS last
            FROM rooms r WHERE r.room = ?""";

    /**
     * Search, step 1: the rowid of the {@code ?2}-th most recent match. FTS5 walks its index newest first and stops
     * there, so the cost is bounded however common the words are. Room and sender filters are part of the match.
     */
    static final String SEARCH_WINDOW_START = """
            SELECT rowid FROM message_fts WHERE message_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2""";

    /**
     * Search, step 2: rank (bm25 over the text only) the matches from rowid {@code ?3} on, at most {@code ?2}, in the
     * reader's scope ({@link SearchScope}): DMs only of {@code ?4} (all with {@code ?4 = '*'}), never the rooms in the
     * JSON array {@code ?5}, and rooms matching the unlisted pattern {@code ?6} only when named in the array
     * {@code ?7}. Room ids and user names hold no GLOB characters.
     */
    static final String SEARCH = """
            SELECT m.room, m.seq, m.sender, m.ts, m.envelope,
                   snippet(message_fts, 0, char(2), char(3), '…', 16) AS snippet
            FROM message_fts JOIN messages m ON m.id = message_fts.rowid
            WHERE message_fts MATCH ?1 AND message_fts.rowid >= ?3
              AND (m.room NOT GLOB 'dm:*' OR ?4 = '*'
                   OR m.room GLOB 'dm:' || ?4 || ':*' OR m.room GLOB 'dm:*:' || ?4)
              AND m.room NOT IN (SELECT value FROM json_each(?5))
              AND (?6 IS NULL OR m.room NOT GLOB ?6 OR m.room IN (SELECT value FROM json_each(?7)))
            ORDER BY bm25(message_fts, 1.0, 0.0, 0.0) LIMIT ?2""";

    static final String RETENTION_ROOMS = "SELECT room FROM rooms";
    static final String DELETE_OLDER_THAN = """
            DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE room = ? AND ts < ? LIMIT ?)""";
    static final String DELETE_BEYOND_COUNT = """
            DELETE FROM messages WHERE id IN (
                SELECT id FROM messages WHERE room = ? AND seq <= (
                    SELECT seq FROM messages WHERE room = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
                LIMIT ?)""";

    static final String ALL_ROOMS = """
            SELECT m.room, COUNT(*) AS count, r.last_seq, MAX(m.ts) AS last_ts
            FROM messages m JOIN rooms r ON r.room = m.room
            GROUP BY m.room ORDER BY last_ts DESC""";
    static final String COUNT = "SELECT COUNT(*) FROM messages";
    static final String LAST_SEQS = "SELECT room, last_seq FROM rooms";
    static final String DELETE_ROOM_CHUNK = """
            DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE room = ? LIMIT ?)""";
}
