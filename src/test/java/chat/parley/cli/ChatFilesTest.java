package chat.parley.cli;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /upload} and {@code /download} in the terminal client, between two terminals. */
class ChatFilesTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;
    @TempDir
    Path work;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room,
                config.resolve(user));
    }

    @Test
    void a_file_uploaded_in_one_terminal_is_shown_and_downloaded_in_the_other() throws Exception {
        Path notes = Files.writeString(work.resolve("release notes.txt"), "v1.2: files and images\n".repeat(50));
        Path into = Files.createDirectories(work.resolve("downloads"));
        Files.writeString(into.resolve("release notes.txt"), "an older copy, kept");
        try (var alice = CliRun.started(options("alice", "files"), "alice");
             var bob = CliRun.started(options("bob", "files"), "bob")) {
            alice.line("/upload \"" + notes + "\" for the changelog");
            bob.waitForOut("alice: [file] release notes.txt (1.1 KB, text/plain) id ");
            bob.waitForOut("for the changelog");
            bob.line("/download 1 " + into);
            Path saved = into.resolve("release notes (2).txt");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(saved)
                    && Files.size(saved) == Files.size(notes));
            assertThat(Files.readString(saved, StandardCharsets.UTF_8)).isEqualTo(Files.readString(notes));
            assertThat(Files.readString(into.resolve("release notes.txt"))).isEqualTo("an older copy, kept");

            bob.line("/upload " + work.resolve("missing.png"));
            assertThat(bob.waitForExit()).isEqualTo(1);
            assertThat(bob.err()).contains("no file");
        }
    }

    @Test
    void in_an_encrypted_room_the_terminal_encrypts_uploads_and_opens_downloads() throws Exception {
        String key = chat.parley.e2e.RoomKeys.newInviteKey();
        Path secret = Files.writeString(work.resolve("minutes.txt"), "the board decided: files are encrypted\n");
        Path into = Files.createDirectories(work.resolve("opened"));
        // names of their own: the server outlives each test's config dir, where a claimed name keeps its secret
        try (var alice = CliRun.started(options("amy", "hushfiles").withSecret(RoomSecret.ofKey(key)), "amy");
             var bob = CliRun.started(options("ben", "hushfiles").withSecret(RoomSecret.ofKey(key)), "ben")) {
            alice.line("/upload " + secret + " read this");
            bob.waitForOut("amy: [file] minutes.txt (");
            bob.line("/download 1 " + into);
            Path saved = into.resolve("minutes.txt");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(saved)
                    && Files.readString(saved).equals(Files.readString(secret)));
        }
        try (var blobs = Files.walk(parley.server().config().dataDir())) {
            for (Path file : blobs.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain("the board decided").doesNotContain("minutes.txt");
            }
        }
    }
}
