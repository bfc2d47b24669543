package chat.parley.cli;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct conversations and private rooms from the terminal client: /dm, /private, /invite, /members, /leave. */
class ChatConversationsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room,
                config.resolve(user));
    }


    @Test
    void a_direct_message_reaches_only_the_other_person_who_can_answer_it() {
        try (var alice = CliRun.started(options("alice", "lobby"), "alice");
             var bob = CliRun.started(options("bob", "lobby"), "bob");
             var carol = CliRun.started(options("carol", "lobby"), "carol")) {
            alice.line("/dm bob just between us");
            // bob is in #lobby and never typed /dm: the conversation shows up with its label
            bob.waitForOut("@alice alice: just between us");
            bob.line("/dm alice agreed");
            alice.waitForOut("bob: agreed");
            alice.line("/rooms");
            alice.waitForOut("* @bob");
            // the server counts a room's messages, not a conversation's: /rooms must not call this one empty
            assertThat(alice.outLines()).noneMatch(line -> line.contains("@bob") && line.contains("no messages"));
            carol.line("/history");
            assertThat(carol.out()).doesNotContain("just between us");
        }
    }

    @Test
    void a_private_room_is_made_joined_and_left_from_the_terminal() {
        try (var dana = CliRun.started(options("dana", "lobby"), "dana");
             var erik = CliRun.started(options("erik", "lobby"), "erik")) {
            dana.line("/private vault");
            dana.waitForOut("new private room #vault");
            dana.line("/invite erik");
            dana.waitForOut("Members: dana, erik");
            erik.line("/join vault");
            erik.line("/members");
            erik.waitForOut("Members of #vault: dana, erik");
            dana.line("the code is 1234");
            erik.waitForOut("dana: the code is 1234");
            erik.line("/leave");
            erik.waitForOut("You left the private room #vault");
            erik.waitForOut("You are in #lobby");
        }
    }
}
