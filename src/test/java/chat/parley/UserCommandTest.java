package chat.parley;

import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code parley user add|passwd|remove|list}: on the data dir, also while the server runs. */
class UserCommandTest {

    @TempDir
    Path dataDir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Map<String, String> env = Map.of();

    private int user(String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var cli = Parley.commandLine(env);
        ((Parley) cli.getCommand()).stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "user";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return cli.execute(all);
    }

    @Test
    void add_list_passwd_remove_with_one_line_errors() {
        assertThat(user("alice-password\n", "add", "alice", "--password-stdin")).isZero();
        assertThat(out.toString()).isEqualTo("Added alice." + System.lineSeparator());
        assertThat(user("", "list")).isZero();
        assertThat(out.toString()).startsWith("alice\t");

        assertThat(user("other-password\n", "add", "alice", "--password-stdin")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("parley user: there is already an account named 'alice'"
                + System.lineSeparator());
        assertThat(user("short\n", "add", "bob", "--password-stdin")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("parley user: password must be at least 8 characters");
        assertThat(user("", "add", "Not Valid", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("parley user: user name must match");
        assertThat(user("", "add")).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("parley user: add needs a user name, e.g. parley user add alice");
        assertThat(user("", "frobnicate", "alice")).isEqualTo(2);

        assertThat(user("new-alice-password\n", "passwd", "alice", "--password-stdin")).isZero();
        assertThat(user("x-password\n", "passwd", "nobody", "--password-stdin")).isEqualTo(1);
        assertThat(user("", "remove", "alice")).isZero();
        assertThat(user("", "remove", "alice")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("parley user: there is no account named 'alice'");
        assertThat(user("", "list")).isZero();
        assertThat(out.toString()).startsWith("No accounts yet");
        assertThat(out.toString() + err).doesNotContain("password-stdin").doesNotContain("alice-password");
    }

    @Test
    void changes_take_effect_on_a_running_server_at_once() {
        ParleyConfig config = ParleyConfig.ephemeral(dataDir).withRateLimit(TestServer.UNLIMITED)
                .withAuth(AuthMode.ACCOUNTS);
        try (var server = ParleyServer.start(config)) {
            assertThat(user("carol-password\n", "add", "carol", "--password-stdin")).isZero();
            assertThat(connect(server, "carol", "carol-password").getState().isConnected()).isTrue();

            assertThat(user("carol-new-password\n", "passwd", "carol", "--password-stdin")).isZero();
            assertThatThrownBy(() -> connect(server, "carol", "carol-password"))
                    .hasCauseInstanceOf(Mqtt5ConnAckException.class);
            assertThat(connect(server, "carol", "carol-new-password").getState().isConnected()).isTrue();

            assertThat(user("", "remove", "carol")).isZero();
            assertThatThrownBy(() -> connect(server, "carol", "carol-new-password"))
                    .hasCauseInstanceOf(Mqtt5ConnAckException.class);
        }
    }

    @Test
    void sessions_survive_a_restart_and_end_when_the_password_changes() {
        ParleyConfig config = ParleyConfig.ephemeral(dataDir).withRateLimit(TestServer.UNLIMITED)
                .withAuth(AuthMode.ACCOUNTS);
        assertThat(user("dan-password\n", "add", "dan", "--password-stdin")).isZero();
        String token;
        try (var server = ParleyServer.start(config)) {
            token = api(server).body("{\"user\":\"dan\",\"password\":\"dan-password\"}").post("/api/login")
                    .then().statusCode(200).extract().path("token");
        }
        try (var server = ParleyServer.start(config)) {
            api(server).auth().oauth2(token).get("/api/session").then().statusCode(200);
            assertThat(user("dan-new-password\n", "passwd", "dan", "--password-stdin")).isZero();
            api(server).auth().oauth2(token).get("/api/session").then().statusCode(401);
        }
    }

    @Test
    void with_store_postgresql_an_account_added_here_signs_in_on_a_node_with_another_data_dir(@TempDir Path nodeDir) {
        StoreSettings store = PostgresServer.shared().newStore("user_command");
        env = Map.of("PARLEY_STORE", "postgresql", "PARLEY_POSTGRES_URL", store.postgresUrl(),
                "PARLEY_POSTGRES_USER", store.postgresUser());
        assertThat(user("erin-password\n", "add", "erin", "--password-stdin")).isZero();

        ParleyConfig config = ParleyConfig.ephemeral(nodeDir).withRateLimit(TestServer.UNLIMITED)
                .withAuth(AuthMode.ACCOUNTS).withStore(store);
        try (var server = ParleyServer.start(config)) {
            assertThat(connect(server, "erin", "erin-password").getState().isConnected()).isTrue();
        }
    }

    private static io.restassured.specification.RequestSpecification api(ParleyServer server) {
        return io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort())
                .contentType(io.restassured.http.ContentType.JSON);
    }

    private static com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient connect(ParleyServer server, String user,
                                                                        String password) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildAsync();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }
}
