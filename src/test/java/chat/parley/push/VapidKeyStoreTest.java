package chat.parley.push;

import chat.parley.config.Durability;
import chat.parley.db.Database;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import com.interaso.webpush.VapidKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The VAPID key pair outlives restarts (browsers subscribed with its public half) and is one per database: every
 * node and broker sharing a PostgreSQL signs with the same pair.
 */
class VapidKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void the_key_made_at_the_first_start_is_the_one_read_at_the_next() throws Exception {
        try (var database = Database.open(dir.resolve("parley.db"), Durability.PROCESS)) {
            var first = VapidKeyStore.loadOrCreate(database, dir);
            var again = VapidKeyStore.loadOrCreate(database, dir);
            assertThat(again.getApplicationServerKey()).isEqualTo(first.getApplicationServerKey());
            assertThat(first.getApplicationServerKey()).hasSize(65);
            assertThat(dir.resolve(VapidKeyStore.LEGACY_FILE)).doesNotExist();
        }
    }

    @Test
    void the_key_a_data_dir_kept_in_its_file_is_imported_so_subscriptions_stay_valid() throws Exception {
        VapidKeys old = VapidKeys.generate();
        Files.writeString(dir.resolve(VapidKeyStore.LEGACY_FILE),
                old.getX509PublicKey() + "\n" + old.getPkcs8PrivateKey() + "\n");
        try (var database = Database.open(dir.resolve("parley.db"), Durability.PROCESS)) {
            assertThat(VapidKeyStore.loadOrCreate(database, dir).getApplicationServerKey())
                    .isEqualTo(old.getApplicationServerKey());
            Files.delete(dir.resolve(VapidKeyStore.LEGACY_FILE));
            assertThat(VapidKeyStore.loadOrCreate(database, dir).getApplicationServerKey())
                    .as("kept in the database from then on").isEqualTo(old.getApplicationServerKey());
        }
    }

    @Test
    void a_damaged_key_file_is_named_with_what_to_do() throws IOException {
        Files.writeString(dir.resolve(VapidKeyStore.LEGACY_FILE), "not a key\nnor this\n");
        try (var database = Database.open(dir.resolve("parley.db"), Durability.PROCESS)) {
            assertThatThrownBy(() -> VapidKeyStore.loadOrCreate(database, dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining(VapidKeyStore.LEGACY_FILE).hasMessageContaining("delete it");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nodes_starting_at_once_on_one_postgresql_all_get_the_same_pair() throws Exception {
        var settings = PostgresServer.shared().newStore("vapid");
        var nodes = new ArrayList<PostgresDatabase>();
        var pool = Executors.newFixedThreadPool(4);
        try {
            var starts = new ArrayList<Future<VapidKeys>>();
            for (int i = 0; i < 4; i++) {
                var node = PostgresDatabase.open(settings);
                nodes.add(node);
                Path own = Files.createDirectories(dir.resolve("node-" + i));
                starts.add(pool.submit((Callable<VapidKeys>) () -> VapidKeyStore.loadOrCreate(node, own)));
            }
            byte[] key = starts.get(0).get().getApplicationServerKey();
            for (var start : starts) {
                assertThat(start.get().getApplicationServerKey()).isEqualTo(key);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(PostgresDatabase::close);
        }
    }
}
