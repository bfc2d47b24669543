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
        // 3: the search index also holds one token per room and per sender, so filters are index intersections
        //    (not scans of every match); the tokens are 'r'/'s' + hex of the name, single tokens for any name.
        {
            "DROP TRIGGER messages_fts_insert",
            "DROP TRIGGER messages_fts_delete",
            "DROP TABLE message_fts",
            """
            CREATE VIEW message_search_source AS
            SELECT id, body, 'r' || hex(room) AS room_token, 's' || hex(sender) AS sender_token
            FROM messages WHERE body IS NOT NULL""",
            """
            CREATE VIRTUAL TABLE message_fts USING fts5(
                body, room_token, sender_token,
                content='message_search_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
            )""",
            """
            CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
                INSERT INTO message_fts (rowid, body, room_token, sender_token)
                VALUES (new.id, new.body, 'r' || hex(new.room), 's' || hex(new.sender));
            END""",
            """
            CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
                INSERT INTO message_fts (message_fts, rowid, body, room_token, sender_token)
                VALUES ('delete', old.id, old.body, 'r' || hex(old.room), 's' || hex(old.sender));
            END""",
            "INSERT INTO message_fts (message_fts) VALUES ('rebuild')",
        },
        // 4: messages are indexed for search after their commit, in large batches (the search indexer), instead of
        //    by a trigger inside every commit: FTS5 pays a fixed cost per transaction that small commits can't afford.
        //    search_state.indexed_upto is the last messages.id that is in the index.
        {
            """
            CREATE TABLE search_state (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                indexed_upto  INTEGER NOT NULL
            )""",
            "INSERT INTO search_state (id, indexed_upto) SELECT 1, COALESCE(MAX(id), 0) FROM messages",
            "DROP TRIGGER messages_fts_insert",
            "DROP TRIGGER messages_fts_delete",
            // Only rows already in the index may be deleted from it (FTS5 'delete' of an absent row corrupts it).
            """
            CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
            WHEN old.body IS NOT NULL AND old.id <= (SELECT indexed_upto FROM search_state) BEGIN
                INSERT INTO message_fts (message_fts, rowid, body, room_token, sender_token)
                VALUES ('delete', old.id, old.body, 'r' || hex(old.room), 's' || hex(old.sender));
            END""",
        },
        // 5: the bridge's outbox: messages of bridged rooms waiting to be sent to the remote broker, oldest first
        {
            """
            CREATE TABLE bridge_outbox (
                id       INTEGER PRIMARY KEY AUTOINCREMENT,
                room     TEXT NOT NULL,
                payload  TEXT NOT NULL,
                created  INTEGER NOT NULL
            )""",
        },
        // 6: the meta of end-to-end encrypted rooms: the KDF and its parameters (JSON), never a key or a passphrase
        {
            """
            CREATE TABLE room_meta (
                room     TEXT PRIMARY KEY,
                meta     TEXT NOT NULL,
                created  INTEGER NOT NULL
            ) WITHOUT ROWID""",
        },
        // 7: accounts (auth: accounts; only an Argon2id hash of each password is kept) and private rooms with their
        //    members (invite-only rooms, in either auth mode)
        {
            """
            CREATE TABLE users (
                user           TEXT PRIMARY KEY,
                password_hash  TEXT NOT NULL,
                created        INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE private_rooms (
                room     TEXT PRIMARY KEY,
                owner    TEXT NOT NULL,
                created  INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE room_members (
                room  TEXT NOT NULL REFERENCES private_rooms (room) ON DELETE CASCADE,
                user  TEXT NOT NULL,
                PRIMARY KEY (room, user)
            ) WITHOUT ROWID""",
        },
        // 8: web sessions (POST /api/login); only a SHA-256 of each token is kept
        {
            """
            CREATE TABLE sessions (
                token_sha256  TEXT PRIMARY KEY,
                user          TEXT NOT NULL,
                expires       INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX sessions_user ON sessions (user)",
        },
        // 9: rooms their creator marked unlisted (reachable only by those who name them; random ids are unlisted
        //    by their shape and need no row)
        {
            """
            CREATE TABLE unlisted_rooms (
                room     TEXT PRIMARY KEY,
                creator  TEXT NOT NULL,
                created  INTEGER NOT NULL
            ) WITHOUT ROWID""",
        },
        // 10: message events (issue 17). Reactions, edits and deletes are rows of the room's seq stream like messages
        //     (type reaction|edit|delete, target = the msg_id they change); the message they change keeps its current
        //     state in its own row: the envelope and body hold the current content (a tombstone has none), edited the
        //     time of the last edit, replies how many live replies it has, rev the seq of the last event folded in
        //     (NULL: none yet, i.e. its own seq). Reactions are a set per (message, emoji, user). Existing rows are
        //     messages with no events: every new column is NULL or 0 for them, so old history reads unchanged.
        {
            "ALTER TABLE messages ADD COLUMN target TEXT",
            "ALTER TABLE messages ADD COLUMN edited INTEGER",
            "ALTER TABLE messages ADD COLUMN replies INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE messages ADD COLUMN rev INTEGER",
            // A delete finds the edits of its target (their text goes too); only event rows have a target.
            "CREATE INDEX messages_target ON messages (room, target) WHERE target IS NOT NULL",
            """
            CREATE TABLE reactions (
                room    TEXT NOT NULL,
                target  TEXT NOT NULL,
                emoji   TEXT NOT NULL,
                user    TEXT NOT NULL,
                ts      INTEGER NOT NULL,
                PRIMARY KEY (room, target, emoji, user)
            ) WITHOUT ROWID""",
            // Retention and room deletion remove rows in bulk: their reactions go with them.
            """
            CREATE TRIGGER messages_reactions_delete AFTER DELETE ON messages BEGIN
                DELETE FROM reactions WHERE room = old.room AND target = old.msg_id;
            END""",
            // An edit or a delete changes the body of a row that may already be in the search index: take the old
            // text out and put the new one in. Rows not indexed yet are indexed later with whatever body they have.
            """
            CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
            WHEN old.id <= (SELECT indexed_upto FROM search_state) BEGIN
                INSERT INTO message_fts (message_fts, rowid, body, room_token, sender_token)
                SELECT 'delete', old.id, old.body, 'r' || hex(old.room), 's' || hex(old.sender)
                WHERE old.body IS NOT NULL;
                INSERT INTO message_fts (rowid, body, room_token, sender_token)
                SELECT new.id, new.body, 'r' || hex(new.room), 's' || hex(new.sender)
                WHERE new.body IS NOT NULL;
            END""",
        },
        // 11: bridge gap repair (issue 24). bridge_log: every bridged message this site holds, by its origin site and
        //     that site's own per-room counter (oseq), with the local room seq it is stored under (NULL: it arrived
        //     but was not stored, refused by this site's rules); this site's own messages are rows of its own origin.
        //     bridge_progress: per other origin and room, the highest counter held with no gap before it (held) and
        //     the highest counter seen or announced (highest); highest > held is an open gap.
        {
            """
            CREATE TABLE bridge_log (
                origin  TEXT NOT NULL,
                room    TEXT NOT NULL,
                oseq    INTEGER NOT NULL,
                seq     INTEGER,
                PRIMARY KEY (origin, room, oseq)
            ) WITHOUT ROWID""",
            """
            CREATE TABLE bridge_progress (
                origin   TEXT NOT NULL,
                room     TEXT NOT NULL,
                held     INTEGER NOT NULL,
                highest  INTEGER NOT NULL,
                updated  INTEGER NOT NULL,
                PRIMARY KEY (origin, room)
            ) WITHOUT ROWID""",
        },
        // 12: bots and webhooks (issue 20). A bot is a name that programs post as (bot: true); only a SHA-256 of its
        // token is kept, NULL when it has none (revoked, or a bot that only speaks through incoming webhooks); rooms
        // are the room ids it may post to, comma-separated, empty for any. An incoming hook is a capability URL bound
        // to a room and a bot (only its token's hash is kept). An outgoing hook POSTs messages of a room, or those
        // mentioning a bot, to a URL, signed with its secret (kept as it is: signing needs it), with the outcome of
        // its last delivery; webhook_outbox is its durable queue (removed after a 2xx, retried with backoff).
        {
            """
            CREATE TABLE bots (
                name          TEXT PRIMARY KEY,
                token_sha256  TEXT UNIQUE,
                rooms         TEXT NOT NULL,
                created       INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE incoming_hooks (
                id            INTEGER PRIMARY KEY,
                token_sha256  TEXT NOT NULL UNIQUE,
                room          TEXT NOT NULL,
                bot           TEXT NOT NULL,
                created       INTEGER NOT NULL
            )""",
            """
            CREATE TABLE outgoing_hooks (
                id            INTEGER PRIMARY KEY,
                url           TEXT NOT NULL,
                secret        TEXT NOT NULL,
                room          TEXT,
                bot           TEXT,
                created       INTEGER NOT NULL,
                last_at       INTEGER,
                last_status   INTEGER,
                last_error    TEXT,
                delivered     INTEGER NOT NULL DEFAULT 0,
                failed        INTEGER NOT NULL DEFAULT 0
            )""",
            """
            CREATE TABLE webhook_outbox (
                id            INTEGER PRIMARY KEY,
                hook          INTEGER NOT NULL,
                body          TEXT NOT NULL,
                attempts      INTEGER NOT NULL DEFAULT 0,
                next_attempt  INTEGER NOT NULL,
                created       INTEGER NOT NULL
            )""",
            "CREATE INDEX webhook_outbox_hook ON webhook_outbox (hook, id)",
        },
        // 13: rooms' display names (issue 17), set by a member (any signed-in user for a public room) or an admin; a
        //     room without a row is shown by its id
        {
            """
            CREATE TABLE room_names (
                room     TEXT PRIMARY KEY,
                name     TEXT NOT NULL,
                set_by   TEXT NOT NULL,
                updated  INTEGER NOT NULL
            ) WITHOUT ROWID""",
        },
        // 14: shared files (issue 18). A row per upload (its id is the capability in links: 128 random bits), the
        //     bytes stored once per SHA-256 under {data-dir}/files; a server-made thumbnail is a row of its own
        //     (thumb_of = its image). file_refs says which messages show which file, kept by triggers from the stored
        //     envelopes (file.id and file.thumb of a file message, the clear files list of an e2e one), so retention,
        //     deletes and room removal free what nothing shows any more; only ids of this room's files count.
        {
            """
            CREATE TABLE files (
                id         TEXT PRIMARY KEY,
                sha256     TEXT NOT NULL,
                room       TEXT NOT NULL,
                uploader   TEXT NOT NULL,
                name       TEXT NOT NULL,
                size       INTEGER NOT NULL,
                mime       TEXT NOT NULL,
                width      INTEGER,
                height     INTEGER,
                thumb      TEXT,
                thumb_of   TEXT,
                encrypted  INTEGER NOT NULL DEFAULT 0,
                created    INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX files_sha256 ON files (sha256)",
            "CREATE INDEX files_uploader ON files (uploader)",
            """
            CREATE TABLE file_refs (
                file_id  TEXT NOT NULL,
                room     TEXT NOT NULL,
                msg_id   TEXT NOT NULL,
                PRIMARY KEY (file_id, room, msg_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX file_refs_message ON file_refs (room, msg_id)",
            """
            CREATE VIEW message_file_ids AS
            SELECT m.room, m.msg_id, f.value AS file_id
            FROM messages m, json_each(json_array(json_extract(m.envelope, '$.file.id'),
                                                  json_extract(m.envelope, '$.file.thumb'))) f
            WHERE m.type = 'file' AND f.type = 'text'
            UNION ALL
            SELECT m.room, m.msg_id, f.value FROM messages m, json_each(m.envelope, '$.files') f
            WHERE m.type = 'e2e' AND json_type(m.envelope, '$.files') = 'array' AND f.type = 'text'""",
            """
            CREATE TRIGGER messages_file_refs_insert AFTER INSERT ON messages WHEN new.type IN ('file', 'e2e') BEGIN
                INSERT OR IGNORE INTO file_refs (file_id, room, msg_id)
                SELECT v.file_id, v.room, v.msg_id FROM message_file_ids v
                WHERE v.room = new.room AND v.msg_id = new.msg_id
                  AND EXISTS (SELECT 1 FROM files WHERE files.id = v.file_id AND files.room = new.room);
            END""",
            // An edit keeps the file (a caption changes), a delete leaves a tombstone without it: refs follow.
            """
            CREATE TRIGGER messages_file_refs_update AFTER UPDATE OF envelope ON messages
            WHEN old.type IN ('file', 'e2e') BEGIN
                DELETE FROM file_refs WHERE room = old.room AND msg_id = old.msg_id;
                INSERT OR IGNORE INTO file_refs (file_id, room, msg_id)
                SELECT v.file_id, v.room, v.msg_id FROM message_file_ids v
                WHERE v.room = new.room AND v.msg_id = new.msg_id
                  AND EXISTS (SELECT 1 FROM files WHERE files.id = v.file_id AND files.room = new.room);
            END""",
            """
            CREATE TRIGGER messages_file_refs_delete AFTER DELETE ON messages WHEN old.type IN ('file', 'e2e') BEGIN
                DELETE FROM file_refs WHERE room = old.room AND msg_id = old.msg_id;
            END""",
        },
        // 15: bridge files (issue 18): a queued entry is a chat message ('messages') or a chunk of a file ('files',
        //     docs/bridge.md)
        {
            "ALTER TABLE bridge_outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'messages'",
        },
        // web push (issue 19): each browser's push subscription, by endpoint (the browser's address at its push
        //     service); gone with the account or the claimed name it belongs to
        {
            """
            CREATE TABLE push_subscriptions (
                endpoint  TEXT PRIMARY KEY,
                user      TEXT NOT NULL,
                p256dh    TEXT NOT NULL,
                auth      TEXT NOT NULL,
                created   INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX push_subscriptions_user ON push_subscriptions (user, created)",
            """
            CREATE TRIGGER users_push_subscriptions AFTER DELETE ON users BEGIN
                DELETE FROM push_subscriptions WHERE user = old.user;
            END""",
            """
            CREATE TRIGGER claims_push_subscriptions AFTER DELETE ON claims BEGIN
                DELETE FROM push_subscriptions WHERE user = old.user;
            END""",
        },
        // 17: file_refs' triggers on PostgreSQL (PostgresSchema); SQLite has had them since 14
        {
        },
        // 18: web push key (issue 22): the server's VAPID key pair, one row, in the database every node shares (it was
        //     push-vapid.keys in the data dir, which VapidKeyStore imports once)
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
