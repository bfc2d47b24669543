package chat.parley.cli;

import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The terminal client kicked or banned by an admin: it says so, keeps its name, and waits out a ban. */
class ChatAdminRemovalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create(base()), user, room, config);
    }

    private static String base() {
        return "http://127.0.0.1:" + parley.server().httpPort();
    }

    private static HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + parley.server().adminToken().value());
    }

    private static JsonNode get(HttpRequest.Builder request) throws Exception {
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The client id the server has connected for {@code user}, or null. */
    private static String clientOf(String user) throws Exception {
        for (JsonNode client : get(admin("/api/admin/clients")).path("clients")) {
            if (user.equals(client.path("user").asText(null))) {
                return client.path("clientId").asText();
            }
        }
        return null;
    }

    private static void kick(String clientId, String ban) throws Exception {
        String query = ban == null ? "" : "?ban=" + ban;
        int status = HTTP.send(admin("/api/admin/clients/" + clientId + query).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).isEqualTo(204);
    }

    private static List<JsonNode> history(String room) throws Exception {
        var messages = new ArrayList<JsonNode>();
        get(HttpRequest.newBuilder(URI.create(base() + "/api/rooms/" + room + "/messages?limit=500")))
                .path("messages").forEach(messages::add);
        return messages;
    }

    private static String lastWho(CliRun run) {
        return run.outLines().stream().filter(l -> l.startsWith("online") || l.startsWith("nobody"))
                .reduce((a, b) -> b).orElse("");
    }

    private static boolean online(CliRun run, String user) {
        run.line("/who");
        return run.outLines().stream().anyMatch(l -> l.startsWith("online") && l.contains(user));
    }

    private static CliRun ready(CliRun run, String user) throws Exception {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> online(run, user));
        await().atMost(Duration.ofSeconds(20)).until(() -> clientOf(user) != null);
        return run;
    }

    @Test
    void a_kicked_client_says_so_and_comes_back_under_its_own_name() throws Exception {
        try (var dave = ready(CliRun.start(options("dave", "kicks")), "dave")) {
            String clientId = clientOf("dave");
            kick(clientId, null);
            await().atMost(Duration.ofSeconds(20)).until(() -> dave.err().contains("reconnected"));
            assertThat(dave.err()).contains("parley: disconnected by an administrator; reconnecting…")
                    .doesNotContain("Server sent DISCONNECT");

            dave.line("back again");
            await().atMost(Duration.ofSeconds(20)).until(() -> history("kicks").size() == 1);
            assertThat(history("kicks").get(0).path("from").asText()).isEqualTo("dave");
            assertThat(clientOf("dave")).isEqualTo(clientId); // the server knows the connection as dave's again
            // and in presence: the latest /who answer lists dave (the kick's offline took him out of it)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                dave.line("/who");
                return lastWho(dave).contains("dave");
            });
        }
    }

    @Test
    void a_banned_client_says_until_when_and_does_not_try_again_before_the_ban_ends() throws Exception {
        try (var erin = ready(CliRun.start(options("erin", "bans")), "erin")) {
            long refusedBefore = parley.server().refusals().count(Refusal.BANNED);
            long kickedAt = System.currentTimeMillis();
            kick(clientOf("erin"), "4s");

            await().atMost(Duration.ofSeconds(10)).until(() -> erin.err().contains("banned until"));
            assertThat(erin.err()).containsPattern("parley: banned until \\d\\d:\\d\\d; reconnecting then")
                    .doesNotContain("Server sent DISCONNECT");
            await().atMost(Duration.ofSeconds(30)).until(() -> erin.err().contains("reconnected"));

            assertThat(System.currentTimeMillis() - kickedAt).isGreaterThanOrEqualTo(3_500);
            // every CONNECT during the ban would have been refused and counted: there was none
            assertThat(parley.server().refusals().count(Refusal.BANNED)).isEqualTo(refusedBefore);
            erin.line("after the ban");
            await().atMost(Duration.ofSeconds(20)).until(() -> history("bans").size() == 1);
            assertThat(history("bans").get(0).path("from").asText()).isEqualTo("erin");
        }
    }
}
