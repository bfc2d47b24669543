package chat.parley;

import chat.parley.accounts.ClaimStore;
import chat.parley.accounts.PrivateRooms;
import chat.parley.accounts.RoomNames;
import chat.parley.accounts.UnlistedRooms;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresDatabase;
import chat.parley.db.PostgresServer;
import chat.parley.db.SqlStore;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.RoomMetaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared stores' contract on a real PostgreSQL ({@link PostgresServer}), a database per test; and what only
 * several nodes on one PostgreSQL need: what one node keeps in memory follows the other node's changes.
 */
class PostgresSharedStoresTest extends SharedStoresContract {

    private static final Duration SOON = Duration.ofSeconds(10);

    private StoreSettings settings;

    @BeforeEach
    void database(TestInfo test) {
        settings = PostgresServer.shared().newStore(test.getTestMethod().orElseThrow().getName());
    }

    @Override
    protected SqlStore connect() throws Exception {
        return PostgresDatabase.open(settings);
    }

    @Test
    void private_rooms_made_and_changed_on_one_node_are_seen_by_the_other_at_once() throws Exception {
        var one = PrivateRooms.open(open());
        var two = PrivateRooms.open(open());

        assertThat(one.create("plans", "alice")).isTrue();
        await().atMost(SOON).until(() -> two.isPrivate("plans") && two.isMember("plans", "alice"));
        assertThat(two.owner("plans")).contains("alice");
        assertThat(two.create("plans", "mallory")).as("the room exists on every node").isFalse();
        assertThat(two.owner("plans")).contains("alice");

        assertThat(two.invite("plans", "bob", "alice")).isTrue();
        await().atMost(SOON).until(() -> one.isMember("plans", "bob"));
        assertThat(one.remove("plans", "bob", "alice")).isTrue();
        await().atMost(SOON).until(() -> !two.isMember("plans", "bob"));
    }

    @Test
    void unlisted_rooms_names_and_encrypted_rooms_follow_the_other_node() throws Exception {
        SqlStore a = open();
        SqlStore b = open();
        var unlistedB = UnlistedRooms.open(b);
        var namesB = RoomNames.open(b);
        var metasB = RoomMetaStore.open(b, JSON);

        UnlistedRooms.open(a).mark("hidden", "alice");
        RoomNames.open(a).set("hidden", "Hidden plans", "alice");
        var metasA = RoomMetaStore.open(a, JSON);
        metasA.create(new RoomMeta("secret", KdfParams.fresh(), null, 1_000));

        await().atMost(SOON).until(() -> unlistedB.isMarked("hidden") && namesB.of("hidden").isPresent()
                && metasB.isEncrypted("secret"));
        assertThat(namesB.of("hidden")).contains("Hidden plans");
        assertThat(metasB.create(new RoomMeta("secret", KdfParams.fresh(), null, 2_000)).created())
                .as("the first node's meta stays").isEqualTo(1_000);

        assertThat(metasA.addCheck("secret", CHECK)).isEqualTo(RoomMetaStore.CheckOutcome.ADDED);
        await().atMost(SOON).until(() -> CHECK.equals(metasB.get("secret").orElseThrow().check()));
        assertThat(metasB.addCheck("secret", "BBBBBBBBBBBBBBBBBBBBBB")).isEqualTo(RoomMetaStore.CheckOutcome.OTHER);
    }

    @Test
    void two_nodes_racing_for_the_same_names_and_rooms_each_lose_or_win_once() throws Exception {
        var claimsA = ClaimStore.open(open());
        var claimsB = ClaimStore.open(open());
        var roomsA = PrivateRooms.open(open());
        var roomsB = PrivateRooms.open(open());
        var wins = new java.util.concurrent.ConcurrentHashMap<String, java.util.List<String>>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 25; i++) {
                String name = "name" + i;
                futures.add(pool.submit(() -> claimsA.claim(name).ifPresent(s -> winner(wins, name, "a"))));
                futures.add(pool.submit(() -> claimsB.claim(name).ifPresent(s -> winner(wins, name, "b"))));
                futures.add(pool.submit(() -> roomsA.create("room" + name, "alice") ? winner(wins, "room" + name, "a")
                        : null));
                futures.add(pool.submit(() -> roomsB.create("room" + name, "bob") ? winner(wins, "room" + name, "b")
                        : null));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins).hasSize(50).allSatisfy((key, winners) -> assertThat(winners).hasSize(1));
        for (int i = 0; i < 25; i++) {
            String room = "roomname" + i;
            String owner = wins.get(room).get(0).equals("a") ? "alice" : "bob";
            await().atMost(SOON).until(() -> roomsA.owner(room).equals(java.util.Optional.of(owner))
                    && roomsB.owner(room).equals(java.util.Optional.of(owner)));
        }
    }

    private static Object winner(java.util.Map<String, java.util.List<String>> wins, String key, String node) {
        wins.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(node);
        return null;
    }

    @Test
    void a_node_that_lost_its_listening_connection_reloads_what_it_missed() throws Exception {
        var one = PrivateRooms.open(open());
        var two = PrivateRooms.open(open());
        try (var c = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(), "");
             var st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'parley-changes' AND datname = current_database()");
        }
        one.create("while-away", "alice");

        await().atMost(SOON).until(() -> two.isMember("while-away", "alice"));
    }
}
