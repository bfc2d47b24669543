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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replies, reactions, edits and deletes from the terminal client, seen by another terminal and stored. */
class ChatEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room,
                config.resolve(user));
    }


    private List<JsonNode> messages(String room) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + parley.server().httpPort() + "/api/rooms/" + room + "/messages?limit=500")).build(),
                HttpResponse.BodyHandlers.ofString());
        var out = new ArrayList<JsonNode>();
        JSON.readTree(response.body()).path("messages").forEach(m -> {
            if (List.of("text", "file", "e2e").contains(m.path("type").asText())) {
                out.add(m);
            }
        });
        return out;
    }

    @Test
    void reply_react_edit_and_delete_from_the_terminal() throws Exception {
        try (var alice = CliRun.started(options("alice", "events"), "alice");
             var bob = CliRun.started(options("bob", "events"), "bob")) {
            alice.line("lunch at noon?");
            bob.waitForOut("alice: lunch at noon?");
            bob.line("/reply yes please");
            alice.waitForOut("bob ↪ alice: “lunch at noon?”: yes please");
            alice.line("/react 👍");
            bob.waitForOut("alice reacted 👍 to bob: “yes please”");
            alice.line("/edit lunch at one?"); // her latest message (a reaction is not one)
            bob.waitForOut("alice (edited): lunch at one?");
            bob.line("/delete");
            alice.waitForOut("bob deleted bob: “yes please”");

            await().atMost(Duration.ofSeconds(10)).until(() -> messages("events").size() == 2);
            List<JsonNode> stored = messages("events");
            assertThat(stored.get(0).path("text").asText()).isEqualTo("lunch at one?");
            assertThat(stored.get(0).has("edited")).isTrue();
            assertThat(stored.get(1).path("deleted").asBoolean()).isTrue();
            assertThat(stored.get(1).has("text")).isFalse();

            bob.line("/edit not mine"); // bob has no message left to edit: piped, the run ends with the reason
            assertThat(bob.waitForExit()).isEqualTo(1);
            assertThat(bob.err()).contains("no message of yours here");
        }
    }

    @Test
    void joining_shows_a_message_as_it_stands_now_without_the_edits_and_reactions_already_folded_into_it()
            throws Exception {
        try (var ann = CliRun.started(options("ann", "later"), "ann")) {
            ann.line("lunch at noon?");
            ann.line("/react 👍");
            ann.line("/edit lunch at one?");
            await().atMost(Duration.ofSeconds(10)).until(() -> messages("later").stream()
                    .anyMatch(m -> m.has("edited") && m.path("reactions").has("👍")));
        }
        try (var cat = CliRun.startedInTerminal(options("cat", "later"), "cat")) {
            cat.waitForOut("ann: lunch at one? (edited) [👍 1]");
            assertThat(cat.out()).doesNotContain("ann (edited)").doesNotContain("reacted");
        }
    }
}
