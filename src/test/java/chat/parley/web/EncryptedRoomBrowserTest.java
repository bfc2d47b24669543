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

        // a new tab has none of this tab's keys: the room is locked there until the key is remembered
        String room = invite.substring(invite.indexOf("#/r/") + 4, invite.indexOf("?k="));
        String first = alice.driver.getWindowHandle();
        alice.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        alice.go("/#/r/" + room);
        alice.waitConnected();
        alice.waitUntil(d -> alice.visible(By.id("lock-pass")) != null);
        alice.driver.close();
        alice.driver.switchTo().window(first);
        alice.driver.findElement(By.id("invite-remember")).click();
        alice.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        alice.go("/#/r/" + room);
        alice.waitConnected();
        alice.waitForMessage("my own words");
        assertThat(alice.visible(By.id("lock-pass"))).isNull();
    }

    /** Clicks a message action (reply, react, edit, delete) of the (last) message with this text. */
    private static void act(Browser browser, String text, String action) {
        browser.js("const m = [...document.querySelectorAll('#messages .msg')].filter(e => e.querySelector('.text')"
                + " && e.querySelector('.text').textContent === arguments[0]).pop();"
                + "m.querySelector('.act-' + arguments[1]).click();", text, action);
    }

    private static boolean composerOpen(Browser browser) {
        return browser.visible(By.id("input")) != null;
    }

    @Test
    void repliesEditsReactionsAndDeletesAreSealedAndSeenByTheOtherUserLiveAndAfterAReload() throws Exception {
        String room = "sealed-" + unique("r");
        String aliceName = unique("alice");
        String bobName = unique("bob");
        var alice = browser("/#/r/" + room).join(aliceName);
        encryptWith(alice, "harbour lights");
        var bob = browser("/#/r/" + room).join(bobName);
        unlockWith(bob, "harbour lights");

        alice.send("first draft of the plan");
        bob.waitForMessage("first draft of the plan");
        act(bob, "first draft of the plan", "reply");
        bob.send("which plan?");
        alice.waitForMessage("which plan?");
        alice.waitUntil(d -> String.valueOf(alice.js("return [...document.querySelectorAll('#messages .reply-quote')]"
                + ".map(q => q.textContent).join('|')")).contains(aliceName + ": first draft of the plan"));
        alice.waitUntil(d -> alice.visible(By.cssSelector("#messages .replies")) != null);

        // ↑ in the empty box edits her last message: its text comes back to change, and the edit is sealed
        var input = alice.driver.findElement(By.id("input"));
        input.sendKeys(org.openqa.selenium.Keys.ARROW_UP);
        alice.waitUntil(d -> "first draft of the plan".equals(input.getDomProperty("value")));
        input.clear();
        alice.send("the final plan");
        bob.waitForMessage("the final plan");
        bob.waitUntil(d -> (Boolean) bob.js("return [...document.querySelectorAll('#messages .msg')].some(m =>"
                + " m.querySelector('.text')?.textContent === 'the final plan' && m.querySelector('.edited'))"));
        bob.waitUntil(d -> String.valueOf(bob.js("return [...document.querySelectorAll('#messages .reply-quote')]"
                + ".map(q => q.textContent).join('|')")).contains("the final plan"));

        act(alice, "which plan?", "react");
        alice.waitUntil(d -> alice.visible(By.cssSelector("#reaction-picker button[data-emoji='👀']")) != null);
        alice.driver.findElement(By.cssSelector("#reaction-picker button[data-emoji='👀']")).click();
        bob.waitUntil(d -> bob.visible(By.cssSelector("#messages .reaction[data-emoji='👀']")) != null);

        bob.js("window.confirm = () => true");
        act(bob, "which plan?", "delete");
        alice.waitUntil(d -> alice.messageTexts().contains("This message was deleted."));
        assertThat(alice.messageTexts()).doesNotContain("which plan?");

        bob.reload();
        bob.waitConnected();
        unlockWith(bob, "harbour lights"); // the key was not remembered on this device: asked again, checked
        bob.waitForMessage("the final plan");
        bob.waitUntil(d -> bob.messageTexts().contains("This message was deleted."));
        assertThat(bob.messageTexts()).doesNotContain("first draft of the plan", "which plan?")
                .noneMatch(t -> t.contains("can't decrypt"));
        assertThat(bob.driver.findElements(By.cssSelector("#messages .msg .edited"))).hasSize(1);
        bob.screenshot("e2e-events-after-reload");

        String stored = get("/api/rooms/" + room + "/messages");
        assertThat(stored).doesNotContain("plan").contains("\"edited\"").contains("\"deleted\":true");
    }

    @Test
    void aWrongPassphraseIsRefusedInAnEmptyRoomAndTheComposerStaysClosed() {
        String room = "empty-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        encryptWith(alice, "only the right one");

        var eve = browser("/#/r/" + room).join(unique("eve"));
        var field = eve.waitFor(d -> eve.visible(By.id("lock-pass")));
        assertThat(composerOpen(eve)).as("no composer before the room is unlocked").isFalse();
        field.sendKeys("a wrong one");
        eve.driver.findElement(By.id("lock-button")).click();
        eve.waitUntil(d -> eve.visible(By.id("lock-error")) != null);
        assertThat(eve.driver.findElement(By.id("lock-error")).getText()).contains("Wrong passphrase");
        assertThat(composerOpen(eve)).isFalse();
        eve.screenshot("e2e-wrong-passphrase-empty-room");

        unlockWith(eve, "only the right one");
        eve.waitUntil(d -> composerOpen(eve));
        eve.send("sealed with the right key");
        alice.waitForMessage("sealed with the right key");
    }

    @Test
    void anInviteLinkWithAWrongKeyIsRefusedAndTheRightKeyPastedInTheLockOpensTheRoom() {
        var alice = browser("/").join(unique("alice"));
        alice.driver.findElement(By.id("new-e2e-room")).click();
        alice.waitUntil(d -> String.valueOf(alice.js("return document.getElementById('invite-url').value"))
                .contains("?k="));
        String invite = String.valueOf(alice.js("return document.getElementById('invite-url').value"));
        alice.send("behind the link");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        String key = invite.substring(invite.indexOf("?k=") + 3);
        String wrong = (key.charAt(0) == 'A' ? 'B' : 'A') + key.substring(1);
        var bob = browser(invite.substring(base.length()).replace(key, wrong)).join(unique("bob"));
        bob.waitUntil(d -> bob.visible(By.id("lock-error")) != null);
        assertThat(bob.driver.findElement(By.id("lock-error")).getText()).contains("Wrong key");
        assertThat(composerOpen(bob)).isFalse();

        unlockWith(bob, key); // the k= value of the link, pasted into the lock
        bob.waitForMessage("behind the link");
        assertThat(composerOpen(bob)).isTrue();
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
