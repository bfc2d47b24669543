package chat.parley.cli;

import chat.parley.TestServer;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code parley chat --passphrase/--key}: terminal clients in an end-to-end encrypted room. */
class EncryptedChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room, RoomSecret secret) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room, config)
                .withSecret(secret);
    }

    /**
     * Waits until the client reads commands: it answers /who. Generous: the first scrypt in a JVM took up to 11 s on
     * the shared 2-core machine.
     */
    private static CliRun ready(CliRun run) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run.line("/who");
            return run.out().contains("online");
        });
        return run;
    }

    private static JsonNode history(String room) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + parley.server().httpPort() + "/api/rooms/" + room + "/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("messages");
    }

    @Test
    void two_terminals_with_the_passphrase_chat_and_the_server_keeps_only_ciphertext() throws Exception {
        var pass = RoomSecret.ofPassphrase("blue whale 42");
        try (var alice = ready(CliRun.start(options("alice", "hush", pass)));
             var bob = ready(CliRun.start(options("bob", "hush", pass)))) {
            alice.line("the eagle lands at noon");
            bob.waitForOut("alice: the eagle lands at noon");
            bob.line("copy that");
            alice.waitForOut("bob: copy that");
        }
        await().until(() -> historyList("hush").size() == 2);
        for (JsonNode message : history("hush")) {
            assertThat(message.path("type").asText()).isEqualTo("e2e");
            assertThat(message.has("text")).isFalse();
            assertThat(message.toString()).doesNotContain("eagle").doesNotContain("copy that");
        }
    }

    @Test
    void a_wrong_passphrase_shows_cant_decrypt_and_never_the_bytes() {
        try (var carol = ready(CliRun.start(options("carol", "guarded", RoomSecret.ofPassphrase("right"))))) {
            carol.line("for the right eyes only");
            await().until(() -> historyList("guarded").size() == 1);
        }
        try (var eve = ready(CliRun.start(options("eve", "guarded", RoomSecret.ofPassphrase("wrong"))))) {
            eve.line("/history 5");
            eve.waitForOut("can't decrypt");
            assertThat(eve.out()).doesNotContain("right eyes");
        }
    }

    @Test
    void an_invite_key_works_and_a_client_without_any_secret_is_told_what_to_give() {
        String key = chat.parley.e2e.RoomKeys.newInviteKey();
        try (var dan = ready(CliRun.start(options("dan", "keyed", RoomSecret.ofKey(key))))) {
            dan.line("hello with a key");
            await().until(() -> historyList("keyed").size() == 1);
        }
        try (var fay = ready(CliRun.start(options("fay", "keyed", RoomSecret.ofKey(key))))) {
            fay.line("/history 5");
            fay.waitForOut("dan: hello with a key");
        }
        var run = CliRun.runWithInput(options("gus", "keyed", null), "hi\n");
        assertThat(run.waitForExit()).isEqualTo(2);
        assertThat(run.err()).contains("#keyed is end-to-end encrypted: give --key KEY or --passphrase");
    }

    private static java.util.List<JsonNode> historyList(String room) throws Exception {
        var list = new java.util.ArrayList<JsonNode>();
        history(room).forEach(list::add);
        return list;
    }
}
