package chat.parley.web;

import chat.parley.cli.ChatClient;
import chat.parley.cli.ChatOptions;
import chat.parley.cli.RoomSecret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Encrypted rooms in a real browser, talking with the terminal client in the same format. */
class EncryptedRoomBrowserTest extends BrowserTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path config;

    /** Encrypts the open (new, empty) room with a passphrase from the room header. */
    private static void encryptWith(Browser browser, String passphrase) {
        browser.waitFor(d -> browser.visible(By.id("encrypt"))).click();
        unlockWith(browser, passphrase);
    }

    private static void unlockWith(Browser browser, String passphrase) {
        var field = browser.waitFor(d -> browser.visible(By.id("lock-pass")));
        field.sendKeys(passphrase);
        browser.driver.findElement(By.id("lock-button")).click();
        browser.waitUntil(d -> browser.visible(By.id("room-lock")) != null
                && browser.visible(By.id("lock-pass")) == null);
    }

    @Test
    void browserAndTerminalReadEachOthersEncryptedMessagesAndTheServerKeepsCiphertext() throws Exception {
        String room = "vault-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        encryptWith(alice, "tide pool 7");

        try (var bob = new Terminal(ChatOptions.server(URI.create(base), unique("bob"), room, config)
                .withSecret(RoomSecret.ofPassphrase("tide pool 7")))) {
            alice.send("browser to terminal ✓");
            // stored (acknowledged) first: a failure below is then the terminal's, not the browser's send
            alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());
            bob.waitForOut(": browser to terminal ✓");
            bob.line("terminal to browser ✓");
            alice.waitForMessage("terminal to browser ✓");
        }
        alice.screenshot("e2e-room-alice");
        JsonNode history = JSON.readTree(get("/api/rooms/" + room + "/messages")).path("messages");
        assertThat(history).hasSize(2);
        history.forEach(m -> assertThat(m.path("type").asText()).isEqualTo("e2e"));
        assertThat(history.toString()).doesNotContain("browser to terminal").doesNotContain("terminal to browser");
    }

    @Test
    void aWrongPassphraseIsRefusedBeforeAnythingIsSent() {
        String room = "guarded-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        encryptWith(alice, "right one");
        alice.send("only for the right passphrase");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        var eve = browser("/#/r/" + room).join(unique("eve"));
        var field = eve.waitFor(d -> eve.visible(By.id("lock-pass")));
        field.sendKeys("wrong one");
        eve.driver.findElement(By.id("lock-button")).click();
        eve.waitUntil(d -> eve.visible(By.id("lock-error")) != null);
        assertThat(eve.driver.findElement(By.id("lock-error")).getText()).contains("does not open");
        assertThat(eve.visible(By.id("lock-pass"))).isNotNull(); // still locked: nothing can be sealed with that key
        assertThat((String) eve.js("return document.getElementById('messages').textContent"))
                .doesNotContain("only for the right passphrase");
        eve.screenshot("e2e-wrong-passphrase");

        unlockWith(eve, "right one");
        eve.waitForMessage("only for the right passphrase");
    }

    @Test
    void theCreatorOfANewEncryptedRoomStillReadsItAfterAReload() {
        var alice = browser("/").join(unique("alice"));
        alice.driver.findElement(By.id("new-e2e-room")).click();
        alice.waitUntil(d -> String.valueOf(alice.js("return document.getElementById('invite-url').value"))
                .contains("?k="));
        String invite = String.valueOf(alice.js("return document.getElementById('invite-url').value"));
        alice.send("my own words");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        alice.reload();
        alice.waitConnected();
        alice.waitForMessage("my own words");
        assertThat(alice.visible(By.id("lock-pass"))).isNull();
        // the invite still carries the key, and the key can be kept on this device
        alice.driver.findElement(By.id("invite")).click();
        alice.waitUntil(d -> alice.visible(By.id("invite-remember")) != null);
        assertThat(alice.js("return document.getElementById('invite-url').value")).isEqualTo(invite);
    }

    @Test
    void theInvitePopoverClosesOnEscapeAndOutsideAndStaysClosedAfterEncrypt() {
        String room = "popover-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        var invite = alice.driver.findElement(By.id("invite"));
        invite.click();
        alice.waitUntil(d -> alice.visible(By.id("invite-pop")) != null);
        alice.driver.findElement(By.id("invite-url")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        alice.waitUntil(d -> alice.visible(By.id("invite-pop")) == null);

        invite.click();
        alice.waitUntil(d -> alice.visible(By.id("invite-pop")) != null);
        alice.driver.findElement(By.id("messages")).click();
        alice.waitUntil(d -> alice.visible(By.id("invite-pop")) == null);

        encryptWith(alice, "sea shell");
        assertThat(alice.visible(By.id("invite-pop"))).isNull();
    }

    @Test
    void aNewEncryptedRoomCarriesItsKeyInTheInviteFragmentOnly() {
        var alice = browser("/").join(unique("alice"));
        alice.driver.findElement(By.id("new-e2e-room")).click();
        alice.waitUntil(d -> String.valueOf(alice.js("return document.getElementById('invite-url').value"))
                .contains("?k="));
        String invite = String.valueOf(alice.js("return document.getElementById('invite-url').value"));
        assertThat(alice.js("return document.getElementById('invite-qr').hidden")).isEqualTo(true);
        alice.send("hello via the link");

        var bob = browser(invite.substring(base.length())).join(unique("bob"));
        bob.waitForMessage("hello via the link");
        assertThat(bob.visible(By.id("room-lock"))).isNotNull();
        assertThat((String) bob.js("return location.hash")).doesNotContain("k=");
    }

    private static String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The terminal client on its own thread, typed at through a pipe, its output in a buffer. */
    private static final class Terminal implements AutoCloseable {
        private final PipedOutputStream keys = new PipedOutputStream();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final ChatClient client;
        private final CompletableFuture<Integer> exit;

        Terminal(ChatOptions options) throws IOException {
            var in = new PipedInputStream(keys, 65536);
            client = new ChatClient(options, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = CompletableFuture.supplyAsync(client::run);
            // Polled on this thread: a PipedInputStream whose last writer thread has ended reports "Pipe broken" to
            // its reader within seconds, which ended the terminal client before the message arrived (a flaky test).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).pollInSameThread().until(() -> {
                assertThat(exit).as("err: %s", err).isNotDone();
                line("/who");
                return out().contains("online");
            });
        }

        void line(String text) throws IOException {
            keys.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        void waitForOut(String text) {
            // generous: the first scrypt in a JVM is slow on a loaded machine
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(out()).as("err: %s", err)
                    .contains(text));
        }

        @Override
        public void close() throws IOException {
            keys.close();
            client.quit();
        }
    }
}
