package chat.parley.db;

/**
 * The schema of a PostgreSQL database holding Parley's data ({@code store: postgresql}), as numbered migrations kept
 * in step with {@link Schema}: migration N here makes the tables SQLite's migration N makes, in PostgreSQL's terms
 * ({@code parley_schema.version} records how many have run; {@code PostgresSchemaTest} checks both lists agree).
 * SQLite's full-text machinery (FTS5 table, indexer state, triggers) is PostgreSQL's own text search here: a
 * generated {@code tsvector} column with a GIN index, kept current by the engine in the same transaction.
 * Never edit a migration that has shipped: add a new one, to both lists.
 */
final class PostgresSchema {

    private PostgresSchema() {
    }

    static final String[][] MIGRATIONS = {
        // 1: messages, rooms (the seq source, which survives deletions; its row is locked by the transaction that
        //    takes the next seq, so writers on several nodes never share or skip one; with the room's message count,
        //    kept by the same statements that insert and delete, as counting a large room's rows is slow here),
        //    text search over the body
        {
            """
            CREATE TABLE rooms (
                room      TEXT PRIMARY KEY,
                last_seq  BIGINT NOT NULL,
                count     BIGINT NOT NULL DEFAULT 0
            )""",
            """
            CREATE TABLE messages (
                id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room      TEXT NOT NULL,
                seq       BIGINT NOT NULL,
                msg_id    TEXT NOT NULL,
                sender    TEXT NOT NULL,
                ts        BIGINT NOT NULL,
                type      TEXT NOT NULL,
                body      TEXT,
                envelope  TEXT NOT NULL,
                search    TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', COALESCE(body, ''))) STORED,
                UNIQUE (room, seq),
                UNIQUE (room, msg_id)
            )""",
            "CREATE INDEX messages_ts ON messages (ts)",
            "CREATE INDEX messages_search ON messages USING GIN (search)",
        },
        // 2: claimed user names (auth: open); only a hash of each secret is kept
        {
            """
            CREATE TABLE claims (
                "user"         TEXT PRIMARY KEY,
                secret_sha256  TEXT NOT NULL,
                created        BIGINT NOT NULL
            )""",
        },
        // 3: search filters by sender (SQLite: index tokens per room and sender; the room is the unique key's prefix)
        {
            "CREATE INDEX messages_sender ON messages (sender)",
        },
        // 4: SQLite indexes for search after the commit, in batches; PostgreSQL's GIN index takes rows in the commit
        //    (its pending list batches the work): nothing to do here
        {
        },
        // 5: the bridge's outbox
        {
            """
            CREATE TABLE bridge_outbox (
                id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room     TEXT NOT NULL,
                payload  TEXT NOT NULL,
                created  BIGINT NOT NULL
            )""",
        },
        // 6: the meta of end-to-end encrypted rooms
        {
            """
            CREATE TABLE room_meta (
                room     TEXT PRIMARY KEY,
                meta     TEXT NOT NULL,
                created  BIGINT NOT NULL
            )""",
        },
        // 7: accounts and private rooms with their members
        {
            """
            CREATE TABLE users (
                "user"         TEXT PRIMARY KEY,
                password_hash  TEXT NOT NULL,
                created        BIGINT NOT NULL
            )""",
            """
            CREATE TABLE private_rooms (
                room     TEXT PRIMARY KEY,
                owner    TEXT NOT NULL,
                created  BIGINT NOT NULL
            )""",
            """
            CREATE TABLE room_members (
                room    TEXT NOT NULL REFERENCES private_rooms (room) ON DELETE CASCADE,
                "user"  TEXT NOT NULL,
                PRIMARY KEY (room, "user")
            )""",
        },
        // 8: web sessions; only a SHA-256 of each token is kept
        {
            """
            CREATE TABLE sessions (
                token_sha256  TEXT PRIMARY KEY,
                "user"        TEXT NOT NULL,
                expires       BIGINT NOT NULL
            )""",
            "CREATE INDEX sessions_user ON sessions (\"user\")",
        },
        // 9: rooms their creator marked unlisted
        {
            """
            CREATE TABLE unlisted_rooms (
                room     TEXT PRIMARY KEY,
                creator  TEXT NOT NULL,
                created  BIGINT NOT NULL
            )""",
        },
        // 10: message events (see Schema's migration 10). Reactions go with their message by the store's own
        //     statements (no trigger): retention and room deletion delete both in one transaction.
        {
            "ALTER TABLE messages ADD COLUMN target TEXT",
            "ALTER TABLE messages ADD COLUMN edited BIGINT",
            "ALTER TABLE messages ADD COLUMN replies INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE messages ADD COLUMN rev BIGINT",
            "CREATE INDEX messages_target ON messages (room, target) WHERE target IS NOT NULL",
            """
            CREATE TABLE reactions (
                room    TEXT NOT NULL,
                target  TEXT NOT NULL,
                emoji   TEXT NOT NULL,
                "user"  TEXT NOT NULL,
                ts      BIGINT NOT NULL,
                PRIMARY KEY (room, target, emoji, "user")
            )""",
        },
        // 11: bridge gap repair
        {
            """
            CREATE TABLE bridge_log (
                origin  TEXT NOT NULL,
                room    TEXT NOT NULL,
                oseq    BIGINT NOT NULL,
                seq     BIGINT,
                PRIMARY KEY (origin, room, oseq)
            )""",
            """
            CREATE TABLE bridge_progress (
                origin   TEXT NOT NULL,
                room     TEXT NOT NULL,
                held     BIGINT NOT NULL,
                highest  BIGINT NOT NULL,
                updated  BIGINT NOT NULL,
                PRIMARY KEY (origin, room)
            )""",
        },
        // 12: bots and webhooks
        {
            """
            CREATE TABLE bots (
                name          TEXT PRIMARY KEY,
                token_sha256  TEXT UNIQUE,
                rooms         TEXT NOT NULL,
                created       BIGINT NOT NULL
            )""",
            """
            CREATE TABLE incoming_hooks (
                id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                token_sha256  TEXT NOT NULL UNIQUE,
                room          TEXT NOT NULL,
                bot           TEXT NOT NULL,
                created       BIGINT NOT NULL
            )""",
            """
            CREATE TABLE outgoing_hooks (
                id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                url           TEXT NOT NULL,
                secret        TEXT NOT NULL,
                room          TEXT,
                bot           TEXT,
                created       BIGINT NOT NULL,
                last_at       BIGINT,
                last_status   INTEGER,
                last_error    TEXT,
                delivered     BIGINT NOT NULL DEFAULT 0,
                failed        BIGINT NOT NULL DEFAULT 0
            )""",
            """
            CREATE TABLE webhook_outbox (
                id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                hook          BIGINT NOT NULL,
                body          TEXT NOT NULL,
                attempts      INTEGER NOT NULL DEFAULT 0,
                next_attempt  BIGINT NOT NULL,
                created       BIGINT NOT NULL
            )""",
            "CREATE INDEX webhook_outbox_hook ON webhook_outbox (hook, id)",
        },
        // 13: rooms' display names
        {
            """
            CREATE TABLE room_names (
                room     TEXT PRIMARY KEY,
                name     TEXT NOT NULL,
                set_by   TEXT NOT NULL,
                updated  BIGINT NOT NULL
            )""",
        },
        // 14: shared files' rows (their bytes stay in each node's {data-dir}/files). file_refs is here without the
        //     triggers SQLite's migration 14 adds: migration 17 adds them.
        {
            """
            CREATE TABLE files (
                id         TEXT PRIMARY KEY,
                sha256     TEXT NOT NULL,
                room       TEXT NOT NULL,
                uploader   TEXT NOT NULL,
                name       TEXT NOT NULL,
                size       BIGINT NOT NULL,
                mime       TEXT NOT NULL,
                width      INTEGER,
                height     INTEGER,
                thumb      TEXT,
                thumb_of   TEXT,
                encrypted  INTEGER NOT NULL DEFAULT 0,
                created    BIGINT NOT NULL
            )""",
            "CREATE INDEX files_sha256 ON files (sha256)",
            "CREATE INDEX files_uploader ON files (uploader)",
            """
            CREATE TABLE file_refs (
                file_id  TEXT NOT NULL,
                room     TEXT NOT NULL,
                msg_id   TEXT NOT NULL,
                PRIMARY KEY (file_id, room, msg_id)
            )""",
            "CREATE INDEX file_refs_message ON file_refs (room, msg_id)",
        },
        // 15: bridge files
        {
            "ALTER TABLE bridge_outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'messages'",
        },
        // 16: web push subscriptions; gone with the account or the claimed name they belong to, as in SQLite, by
        //     triggers on users and claims. (Changed before any PostgreSQL deployment existed, to add the triggers.)
        {
            """
            CREATE TABLE push_subscriptions (
                endpoint  TEXT PRIMARY KEY,
                "user"    TEXT NOT NULL,
                p256dh    TEXT NOT NULL,
                auth      TEXT NOT NULL,
                created   BIGINT NOT NULL
            )""",
            "CREATE INDEX push_subscriptions_user ON push_subscriptions (\"user\", created)",
            """
            CREATE FUNCTION parley_forget_push_subscriptions() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM push_subscriptions WHERE "user" = OLD."user";
                RETURN OLD;
            END
            $$""",
            """
            CREATE TRIGGER users_push_subscriptions AFTER DELETE ON users
            FOR EACH ROW EXECUTE FUNCTION parley_forget_push_subscriptions()""",
            """
            CREATE TRIGGER claims_push_subscriptions AFTER DELETE ON claims
            FOR EACH ROW EXECUTE FUNCTION parley_forget_push_subscriptions()""",
        },
        // 17: file_refs kept as SQLite's migration 14 keeps them: triggers on messages take the ids a stored envelope
        //     shows (file.id and file.thumb of a file message, the clear files list of an e2e one; strings only), of
        //     files of the same room, so the file sweeper can run here too. Adding a ref locks its files row (KEY
        //     SHARE) until the message commits: a sweep on any node locks the row before it deletes (FileTable), so
        //     it waits, then sees the ref. The refs of messages stored before this migration are filled in once.
        //     PostgreSQL's JSON functions refuse an escaped NUL anywhere in the text (SQLite's read it, and a sealed
        //     message may hold one): it is read as U+0001 here, which no file id (base64url) holds.
        {
            """
            CREATE FUNCTION parley_message_file_ids(kind TEXT, envelope TEXT) RETURNS SETOF TEXT
            LANGUAGE sql IMMUTABLE AS $$
                SELECT f #>> '{}'
                FROM (SELECT replace(envelope, '\\u0000', '\\u0001')::json AS j) AS e,
                     json_array_elements(CASE
                         WHEN kind = 'file' THEN json_build_array(j #> '{file,id}', j #> '{file,thumb}')
                         WHEN kind = 'e2e' AND json_typeof(j -> 'files') = 'array' THEN j -> 'files'
                         ELSE '[]'::json END) AS f
                WHERE json_typeof(f) = 'string'
            $$""",
            """
            CREATE FUNCTION parley_file_refs() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    DELETE FROM file_refs WHERE room = OLD.room AND msg_id = OLD.msg_id;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO file_refs (file_id, room, msg_id)
                    SELECT f.id, NEW.room, NEW.msg_id FROM files f
                    WHERE f.id IN (SELECT parley_message_file_ids(NEW.type, NEW.envelope)) AND f.room = NEW.room
                    FOR KEY SHARE OF f
                    ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END
            $$""",
            """
            CREATE TRIGGER messages_file_refs_insert AFTER INSERT ON messages
            FOR EACH ROW WHEN (NEW.type IN ('file', 'e2e')) EXECUTE FUNCTION parley_file_refs()""",
            // An edit keeps the file (a caption changes), a delete leaves a tombstone without it: refs follow.
            """
            CREATE TRIGGER messages_file_refs_update AFTER UPDATE OF envelope ON messages
            FOR EACH ROW WHEN (OLD.type IN ('file', 'e2e')) EXECUTE FUNCTION parley_file_refs()""",
            """
            CREATE TRIGGER messages_file_refs_delete AFTER DELETE ON messages
            FOR EACH ROW WHEN (OLD.type IN ('file', 'e2e')) EXECUTE FUNCTION parley_file_refs()""",
            """
            INSERT INTO file_refs (file_id, room, msg_id)
            SELECT f.id, m.room, m.msg_id FROM messages m
            JOIN files f ON f.room = m.room AND f.id IN (SELECT parley_message_file_ids(m.type, m.envelope))
            WHERE m.type IN ('file', 'e2e')
            ON CONFLICT DO NOTHING""",
        },
        // 18: web push key: one VAPID key pair for every node and broker on the database (the first to start makes it)
        {
            """
            CREATE TABLE push_keys (
                id           INTEGER PRIMARY KEY CHECK (id = 1),
                public_key   TEXT NOT NULL,
                private_key  TEXT NOT NULL
            )""",
        },
    };
}
