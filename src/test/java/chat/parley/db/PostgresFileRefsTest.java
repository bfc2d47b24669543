package chat.parley.db;

import chat.parley.config.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's triggers keep {@code file_refs} as SQLite's do (Schema migration 14): the ids a stored envelope shows,
 * of files of the same room, added with the message, replaced when its envelope changes, gone with it; and the
 * migration that adds them fills in the refs of messages stored before it.
 */
class PostgresFileRefsTest {

    private StoreSettings settings;
    private Connection c;

    @BeforeEach
    void database(TestInfo test) throws SQLException {
        settings = PostgresServer.shared().newStore(test.getTestMethod().orElseThrow().getName());
        c = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(), "");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void a_file_message_shows_its_file_and_thumbnail_of_its_own_room_only() throws SQLException {
        PostgresDatabase.migrate(c);
        file("pic", "r");
        file("pic-thumb", "r");
        file("other-room", "elsewhere");
        message("r", 1, "m1", "file", "{\"type\":\"file\",\"file\":{\"id\":\"pic\",\"thumb\":\"pic-thumb\"}}");
        message("r", 2, "m2", "file", "{\"type\":\"file\",\"file\":{\"id\":\"other-room\"}}");
        message("r", 3, "m3", "file", "{\"type\":\"file\",\"file\":{\"id\":\"unknown\",\"thumb\":7}}");
        message("r", 4, "m4", "text", "{\"type\":\"text\",\"file\":{\"id\":\"pic\"},\"files\":[\"pic\"]}");
        message("r", 5, "m5", "file", "{\"type\":\"file\",\"file\":{\"url\":\"https://example.org/a.png\"}}");

        assertThat(refs()).containsExactly("pic r m1", "pic-thumb r m1");
    }

    @Test
    void a_sealed_message_shows_the_files_it_lists() throws SQLException {
        PostgresDatabase.migrate(c);
        file("a", "s");
        file("b", "s");
        message("s", 1, "m1", "e2e", "{\"type\":\"e2e\",\"files\":[\"a\",\"b\",\"a\",1,null,\"nope\"]}");
        message("s", 2, "m2", "e2e", "{\"type\":\"e2e\",\"files\":\"a\"}");
        message("s", 3, "m3", "e2e", "{\"type\":\"e2e\"}");
        message("s", 4, "m4", "e2e", "{\"type\":\"e2e\",\"files\":[\"b\"],\"e2e\":{\"x\":\"nul \\u0000\"}}");

        assertThat(refs()).containsExactly("a s m1", "b s m1", "b s m4");
    }

    @Test
    void an_edit_keeps_the_file_a_tombstone_drops_it_and_so_does_removing_the_message() throws SQLException {
        PostgresDatabase.migrate(c);
        file("f", "r");
        file("g", "r");
        message("r", 1, "m1", "file", "{\"type\":\"file\",\"text\":\"old\",\"file\":{\"id\":\"f\"}}");
        message("r", 2, "m2", "file", "{\"type\":\"file\",\"file\":{\"id\":\"g\"}}");

        update("UPDATE messages SET envelope = '{\"type\":\"file\",\"text\":\"new\",\"file\":{\"id\":\"f\"}}' "
                + "WHERE msg_id = 'm1'");
        update("UPDATE messages SET rev = 5 WHERE msg_id = 'm1'");
        assertThat(refs()).as("edited").containsExactly("f r m1", "g r m2");

        update("UPDATE messages SET envelope = '{\"type\":\"file\",\"deleted\":true}' WHERE msg_id = 'm1'");
        assertThat(refs()).as("deleted: a tombstone").containsExactly("g r m2");

        update("DELETE FROM messages WHERE msg_id = 'm2'");
        assertThat(refs()).as("past retention").isEmpty();
    }

    @Test
    void the_migration_fills_in_the_refs_of_the_messages_stored_before_it() throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE parley_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
            for (int i = 0; i < 16; i++) {
                for (String sql : PostgresSchema.MIGRATIONS[i]) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO parley_schema VALUES (1, 16)");
        }
        c.commit();
        c.setAutoCommit(true);
        file("shown", "r");
        file("sealed", "r");
        file("unsent", "r");
        message("r", 1, "m1", "file", "{\"type\":\"file\",\"file\":{\"id\":\"shown\"}}");
        message("r", 2, "m2", "e2e", "{\"type\":\"e2e\",\"files\":[\"sealed\"]}");
        assertThat(refs()).as("no triggers before 17").isEmpty();

        assertThat(PostgresDatabase.migrate(c)).isEqualTo(PostgresSchema.MIGRATIONS.length);

        assertThat(refs()).containsExactly("sealed r m2", "shown r m1");
    }

    private void file(String id, String room) throws SQLException {
        update("INSERT INTO files (id, sha256, room, uploader, name, size, mime, created) VALUES ('" + id + "', '"
                + "0".repeat(64) + "', '" + room + "', 'alice', 'x', 1, 'text/plain', 0)");
    }

    private void message(String room, long seq, String msgId, String type, String envelope) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO messages (room, seq, msg_id, sender, ts, type, envelope) "
                + "VALUES (?, ?, ?, 'alice', 0, ?, ?)")) {
            st.setString(1, room);
            st.setLong(2, seq);
            st.setString(3, msgId);
            st.setString(4, type);
            st.setString(5, envelope);
            st.executeUpdate();
        }
    }

    private void update(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private List<String> refs() throws SQLException {
        var refs = new ArrayList<String>();
        try (Statement st = c.createStatement(); var rs = st.executeQuery(
                "SELECT file_id || ' ' || room || ' ' || msg_id FROM file_refs ORDER BY 1")) {
            while (rs.next()) {
                refs.add(rs.getString(1));
            }
        }
        return refs;
    }
}
