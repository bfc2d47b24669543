package chat.parley.db;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Durability;
import chat.parley.config.Retention;
import chat.parley.history.SearchQuery;
import chat.parley.history.SearchScope;
import chat.parley.history.SqliteMessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Migration 10 (message events) on a database written before it: old history reads as before and takes events. */
class EventsMigrationTest {

    @TempDir
    Path dir;

    @Test
    void history_written_before_events_reads_unchanged_and_can_be_edited() throws Exception {
        Path file = dir.resolve("parley.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            for (int i = 0; i < 9; i++) { // the schema as the previous release left it
                for (String sql : Schema.MIGRATIONS[i]) {
                    st.execute(sql);
                }
            }
            st.execute("PRAGMA user_version = 9");
            st.execute("""
                    INSERT INTO messages (room, seq, msg_id, sender, ts, type, body, envelope) VALUES ('general', 1,
                    'old-1', 'alice', 1000, 'text', 'written last year', '{"v":1,"id":"old-1","room":"general",\
                    "seq":1,"from":"alice","client":"alice-cli","ts":1000,"type":"text",\
                    "text":"written last year"}')""");
            st.execute("INSERT INTO rooms (room, last_seq) VALUES ('general', 1)");
            st.execute("UPDATE search_state SET indexed_upto = 0");
        }

        try (var store = SqliteMessageStore.open(Database.open(file, Durability.PROCESS), Retention.unlimited(),
                new ObjectMapper(), new SimpleMeterRegistry())) {
            Envelope old = store.latest("general", 10).messages().get(0);
            assertThat(old.text()).isEqualTo("written last year");
            assertThat(old.client()).isEqualTo("alice-cli");
            assertThat(old.state().replies()).isZero();
            assertThat(old.state().rev()).isEqualTo(1);
            assertThat(old.state().edited()).isNull();
            assertThat(old.state().reactions()).isEqualTo(Map.of());

            store.append(Envelope.of("edit-1", "general", new Stamp("alice", "alice-web", 2000),
                    new Body.Edit("old-1", "written this year", null), null)).join();
            assertThat(store.message("general", 1).orElseThrow().text()).isEqualTo("written this year");
            assertThat(store.search(new SearchQuery("year", null, null, 10, SearchScope.everything())))
                    .extracting(hit -> hit.message().text()).containsExactly("written this year");
        }
    }
}
