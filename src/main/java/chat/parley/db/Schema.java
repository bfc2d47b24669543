package chat.parley.db;

/**
 * The schema of {@code parley.db} as numbered migrations; {@code PRAGMA user_version} records how many have run.
 * Never edit a migration that has shipped: add a new one.
 */
final class Schema {

    private Schema() {
    }

    static final String[][] MIGRATIONS = {
        // 1: messages, rooms (the seq source, which survives deletions), full-text index over message text
        {
            """
            CREATE TABLE rooms (
                room      TEXT PRIMARY KEY,
                last_seq  INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE messages (
                id        INTEGER PRIMARY KEY,
                room      TEXT NOT NULL,
                seq       INTEGER NOT NULL,
                msg_id    TEXT NOT NULL,
                sender    TEXT NOT NULL,
                ts        INTEGER NOT NULL,
                type      TEXT NOT NULL,
                body      TEXT,
                envelope  TEXT NOT NULL,
                UNIQUE (room, seq),
                UNIQUE (room, msg_id)
            )""",
            "CREATE INDEX messages_ts ON messages (ts)",
            """
            CREATE VIRTUAL TABLE message_fts USING fts5(
                body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
            )""",
            // Only rows with a body are indexed: e2e messages have none, so the index never sees them.
            """
            CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
                INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);
            END""",
            """
            CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
                INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);
            END""",
        },
        // 2: claimed user names (auth: open); only a hash of each secret is kept
        {
            """
            CREATE TABLE claims (
                user           TEXT PRIMARY KEY,
                secret_sha256  TEXT NOT NULL,
                created        INTEGER NOT NULL
            ) WITHOUT ROWID""",
        },
    };

}
