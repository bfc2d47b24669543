package chat.parley;

import chat.parley.accounts.BotStore;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** {@code parley bot add|list|rotate|revoke}: on the data dir, also while the server runs. */
class BotCommandTest {

    @TempDir
    Path dataDir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int bot(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var cli = Parley.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "bot";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return cli.execute(all);
    }

    @Test
    void add_prints_only_the_token_on_stdout_and_errors_are_one_line() {
        assertThat(bot("add", "ci", "--room", "builds", "--room", "deploys")).isZero();
        assertThat(out.toString().trim()).startsWith(BotStore.TOKEN_PREFIX).hasSize(48);
        assertThat(err.toString()).contains("Made the bot ci (rooms: builds, deploys)")
                .contains("curl -H \"Authorization: Bearer $T\" -d 'deploy done'");
        assertThat(bot("list")).isZero();
        assertThat(out.toString()).startsWith("ci\tbuilds,deploys\ttoken\t");

        assertThat(bot("add", "ci")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("parley bot: there is already a bot named 'ci'");
        assertThat(bot("add", "Not Valid")).isEqualTo(2);
        assertThat(bot("add", "ok", "--room", "#nope")).isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("parley bot: --room '#nope' is not a room id");
        assertThat(bot("rotate")).isEqualTo(2);
        assertThat(bot("revoke", "nobody")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("parley bot: there is no bot named 'nobody'");
        assertThat(bot("frobnicate", "ci")).isEqualTo(2);
    }

    @Test
    void a_bot_added_beside_a_running_server_posts_at_once_and_a_revoked_one_no_more() {
        try (var server = ParleyServer.start(TestServer.ephemeralConfig().withDataDir(dataDir))) {
            assertThat(bot("add", "nightly")).isZero();
            String token = out.toString().trim();
            var api = RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort());
            api.header("Authorization", "Bearer " + token).body("nightly build passed")
                    .post("/api/rooms/builds/messages").then().statusCode(201).body("from", equalTo("nightly"));

            assertThat(bot("rotate", "nightly")).isZero();
            String rotated = out.toString().trim();
            api.header("Authorization", "Bearer " + token).body("old").post("/api/rooms/builds/messages")
                    .then().statusCode(401);
            RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort())
                    .header("Authorization", "Bearer " + rotated).body("new").post("/api/rooms/builds/messages")
                    .then().statusCode(201);

            assertThat(bot("revoke", "nightly")).isZero();
            RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort())
                    .header("Authorization", "Bearer " + rotated).body("gone").post("/api/rooms/builds/messages")
                    .then().statusCode(401);
            assertThat(bot("list")).isZero();
            assertThat(out.toString()).startsWith("nightly\t*\tno token\t");
        }
    }
}
