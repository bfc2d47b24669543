package chat.parley.hooks;

import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes on one PostgreSQL match messages against the same outgoing webhooks, kept in memory on each. */
class SharedOutgoingHooksTest {

    @Test
    void a_hook_made_or_removed_on_one_node_is_matched_or_dropped_on_the_other() throws Exception {
        StoreSettings settings = PostgresServer.shared().newStore("outgoing_hooks");
        try (var a = PostgresDatabase.open(settings); var b = PostgresDatabase.open(settings)) {
            var one = OutgoingHooks.open(a);
            var two = OutgoingHooks.open(b);

            var hook = one.create("http://127.0.0.1:9/hook", "ops", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> two.find(hook.id()).isPresent());
            assertThat(two.current()).extracting(OutgoingHook::room).containsExactly("ops");

            one.remove(hook.id());
            await().atMost(Duration.ofSeconds(10)).until(() -> two.find(hook.id()).isEmpty());
        }
    }
}
