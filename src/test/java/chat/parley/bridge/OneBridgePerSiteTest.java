package chat.parley.bridge;

import chat.parley.ParleyServer;
import chat.parley.StartupException;
import chat.parley.config.BridgeConfig;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.config.WebNodeSettings;
import chat.parley.db.PostgresServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A site runs its bridge in one process: web nodes on one PostgreSQL database, where a second node that turns the
 * bridge on (at start or through the admin API) is refused and told who runs it, and may take it over once that one
 * has turned it off or stopped. Without this, two nodes would each send every message under an origin of its own.
 */
class OneBridgePerSiteTest {

    private static final String SECRET = "a-node-secret-of-32-characters!!";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Mosquitto remote;
    private StoreSettings shared;
    private ParleyServer broker;
    private final List<ParleyServer> nodes = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "one-" + UUID.randomUUID().toString().substring(0, 8);
        shared = PostgresServer.shared().newStore("onebridge");
        broker = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("broker")).withStore(shared)
                .withWebNode(WebNodeSettings.of("", "", SECRET)));
    }

    @AfterEach
    void stop() {
        nodes.forEach(ParleyServer::close);
        if (broker != null) {
            broker.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    private ParleyServer node(String name, boolean bridging) {
        var node = ParleyServer.start(nodeConfig(name, bridging));
        nodes.add(node);
        return node;
    }

    private ParleyConfig nodeConfig(String name, boolean bridging) {
        return ParleyConfig.ephemeral(dir.resolve(name)).withStore(shared)
                .withWebNode(WebNodeSettings.of("mqtt://127.0.0.1:" + broker.mqttPort(),
                        "ws://127.0.0.1:" + broker.wsPort() + "/mqtt", SECRET))
                .withBridge(BridgeConfig.off().withEnabled(bridging).withUrl(remote.url()).withRemotePrefix(prefix)
                        .withRooms(List.of("general")));
    }

    private static Response turn(ParleyServer server, boolean on) {
        return RestAssured.given().baseUri("http://127.0.0.1:" + server.httpPort())
                .header("Authorization", "Bearer " + server.adminToken().value()).contentType("application/json")
                .body("{\"enabled\":" + on + "}").put("/api/admin/bridge");
    }

    @Test
    void a_second_node_configured_to_bridge_does_not_start_and_says_which_process_runs_it() {
        var first = node("first", true);
        await().atMost(WAIT).until(() -> first.bridge().connected());

        assertThatThrownBy(() -> node("second", true)).isInstanceOf(StartupException.class)
                .hasMessageContaining("the bridge already runs in another process of this site")
                .hasMessageContaining("parley-bridge " + first.bridge().origin() + "@")
                .hasMessageContaining(" from 127.0.0.1 ")
                .hasMessageContaining("--bridge-enabled");
        assertThat(first.bridge().connected()).isTrue();
    }

    @Test
    void the_admin_api_refuses_a_second_bridge_and_hands_it_over_once_the_first_is_off() {
        var first = node("first", true);
        var second = node("second", false);
        await().atMost(WAIT).until(() -> first.bridge().connected());

        Response refused = turn(second, true);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("bridge_elsewhere");
        assertThat(refused.jsonPath().getString("message")).contains("parley-bridge " + first.bridge().origin());
        assertThat(second.bridge().config().enabled()).isFalse();
        assertThat(second.bridge().connected()).isFalse();
        // the embedded broker's own server shares the database too
        assertThat(turn(broker, true).statusCode()).isEqualTo(409);

        assertThat(turn(first, false).statusCode()).isEqualTo(200);
        Response taken = turn(second, true);
        assertThat(taken.statusCode()).as(taken.asString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> second.bridge().connected());
        assertThat(turn(first, true).statusCode()).as("and now the first is refused").isEqualTo(409);
    }

    @Test
    void a_node_that_lost_its_lock_while_another_took_the_bridge_turns_its_own_off() throws Exception {
        var first = node("first", true);
        var second = node("second", false);
        await().atMost(WAIT).until(() -> first.bridge().connected());

        // the database drops the first node's lock session (a restart, a network cut): the lock is free
        try (Connection c = DriverManager.getConnection(shared.postgresUrl(), shared.postgresUser(),
                shared.postgresPassword()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                     + "WHERE application_name LIKE 'parley-bridge " + first.bridge().origin() + "@%'")) {
            assertThat(rs.next() && rs.getInt(1) == 1).as("the first node's lock session").isTrue();
        }
        assertThat(turn(second, true).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(Bridge.LOCK_CHECK_SECONDS * 3)).until(() -> !first.bridge().config().enabled());
        assertThat(first.bridge().status().lastError()).startsWith("turned off: the bridge already runs in another");
        assertThat(first.bridge().connected()).isFalse();
        assertThat(second.bridge().config().enabled()).isTrue();
    }

    @Test
    void a_node_that_stops_lets_another_take_the_bridge() {
        var first = node("first", true);
        await().atMost(WAIT).until(() -> first.bridge().connected());
        first.close();
        nodes.remove(first);

        var second = node("second", true);
        await().atMost(WAIT).until(() -> second.bridge().connected());
    }
}
