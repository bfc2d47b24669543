package chat.parley.cli;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminal client and what changes around it: a private room it is invited to or removed from is told at once,
 * and a room's name (set with /name, here or anywhere) shows in the room header, /rooms and live.
 */
class ChatRoomNamesAndInvitesTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room,
                config.resolve(user));
    }

    @Test
    void an_invitation_and_a_removal_are_told_at_once() {
        try (var alice = CliRun.started(options("alice", "lobby"), "alice");
             var bob = CliRun.started(options("bob", "lobby"), "bob")) {
            alice.line("/private vault");
            alice.waitForOut("new private room #vault");
            alice.line("/name The vault");
            alice.waitForOut("#vault is now called “The vault” for everyone in it.");
            alice.line("/invite bob");
            bob.waitForOut("alice invited you to #vault “The vault” — /join vault");

            bob.line("/join vault");
            alice.line("the code is 1234");
            bob.waitForOut("alice: the code is 1234");
            alice.line("/remove bob");
            alice.waitForOut("Removed bob from #vault.");
            bob.waitForOut("alice removed you from #vault “The vault”.");
            bob.waitForOut("You are in #lobby.");
            alice.line("the new code is 5678");
            alice.line("/rooms");
            alice.waitForOut("#vault");
            bob.line("/rooms");
            bob.waitForOut("#lobby");
            assertThat(bob.out()).doesNotContain("5678");
            assertThat(bob.out().substring(bob.out().lastIndexOf("You are in #lobby."))).doesNotContain("#vault");
        }
    }

    @Test
    void a_rooms_name_shows_in_the_header_and_in_rooms_and_a_rename_is_told_live() {
        try (var erik = CliRun.started(options("erik", "k7x2m9q4w8r5t"), "erik")) {
            erik.line("/name Q3 plans");
            erik.waitForOut("#k7x2m9q4w8r5t is now called “Q3 plans” for everyone in it.");
            try (var dana = CliRun.startedInTerminal(options("dana", "k7x2m9q4w8r5t"), "dana")) {
                dana.waitForOut("You are in #k7x2m9q4w8r5t “Q3 plans”. Invite others:");
                dana.line("/rooms");
                dana.waitForOut("* #k7x2m9q4w8r5t “Q3 plans”");

                erik.line("/name Launch day");
                dana.waitForOut("-- #k7x2m9q4w8r5t is now called “Launch day”");
                dana.line("/name");
                dana.waitForOut("#k7x2m9q4w8r5t “Launch day”");
                erik.line("/name -");
                dana.waitForOut("-- #k7x2m9q4w8r5t has no name now");
                assertThat(dana.out()).doesNotContain("is now called “Q3 plans”"); // the name it had on joining
            }
            erik.line("/name " + "x".repeat(65));
            await(erik, "has at most 64 characters");
        }
    }

    private static void await(CliRun run, String text) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> run.err().contains(text) || run.out().contains(text));
    }
}
