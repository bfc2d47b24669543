package chat.parley.web;

import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.ParleyConfig;
import chat.parley.config.TlsMode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web client offline first (docs/web-client.md): installable, opens from this device without the server, and keeps
 * what the user writes until the server has it. The server is stopped and started again on the same ports and data
 * dir in this JVM; the page is served from http://127.0.0.1, which Chromium treats as a secure context (service
 * workers need one), except where the https page of {@code tls: auto} is the point.
 */
class OfflineBrowserTest {

    private static final Duration RECONNECT = Duration.ofSeconds(60); // the client's backoff reaches 15 s

    ParleyConfig config;
    ParleyServer server;
    Browser browser;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer(ParleyConfig newConfig) {
        server = ParleyServer.start(newConfig);
        // the next start takes the same ports, as a restarted laptop's server does
        config = newConfig.withPorts(server.httpPort(), server.mqttPort(), server.wsPort());
    }

    private void stopServer() {
        server.close();
        server = null;
    }

    private String base() {
        return "http://127.0.0.1:" + config.httpPort();
    }

    @Test
    void the_manifest_passes_chromiums_installability_check_on_the_https_page() throws Exception {
        var plain = TestServer.ephemeralConfig();
        startServer(plain.withTls(plain.tls().withMode(TlsMode.AUTO)));
        byte[] spki = server.tls().orElseThrow().certificate().getPublicKey().getEncoded();
        String pin = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        browser = Browser.open("https://127.0.0.1:" + server.httpsPort(), "/", "--ignore-certificate-errors-spki-list="
                + pin);
        browser.waitForServiceWorker();

        @SuppressWarnings("unchecked")
        var errors = (List<Object>) browser.driver.executeCdpCommand("Page.getInstallabilityErrors", Map.of())
                .get("installabilityErrors");
        assertThat(errors).isEmpty();
        @SuppressWarnings("unchecked")
        var manifest = (Map<String, Object>) browser.asyncJs("fetch('/manifest.webmanifest').then(r => r.json())"
                + ".then(arguments[0])");
        assertThat(manifest).containsEntry("name", config.name()).containsEntry("display", "standalone");
    }

    @Test
    void a_reload_without_the_server_opens_from_this_device_with_history_the_offline_banner_and_search() {
        startServer(TestServer.ephemeralConfig());
        browser = Browser.open(base(), "/#/r/trip").join("alice");
        browser.send("kept for the train");
        browser.send("the second kept one");
        browser.waitUntil(d -> keptMessages("alice") >= 2);
        browser.waitForServiceWorker();

        stopServer();
        browser.reload();
        browser.waitForMessage("the second kept one");
        assertThat(browser.messageTexts()).containsExactly("kept for the train", "the second kept one");
        browser.waitUntil(d -> browser.bannerText().startsWith("Offline"));
        assertThat(browser.activeRoom()).isEqualTo("trip");
        browser.screenshot("offline-banner-desktop");
        browser.phoneScreenshot("offline-banner-phone", 360, 740);

        var search = browser.driver.findElement(By.id("search-input"));
        search.sendKeys("TRAIN\n");
        browser.waitUntil(d -> browser.driver.findElement(By.id("search-results")).getText().contains("kept for the"));
        assertThat(browser.driver.findElement(By.id("search-results")).getText())
                .contains("Offline").doesNotContain("the second kept one");
        browser.phoneScreenshot("offline-search-phone", 360, 740);

        startServer(config);
        browser.waitConnected(); // by itself, with its backoff
    }

    @Test
    void three_messages_written_offline_survive_a_reload_and_a_browser_restart_and_are_stored_once_each_in_order() {
        startServer(TestServer.ephemeralConfig());
        browser = Browser.open(base(), "/#/r/outbox").join("bob");
        browser.send("online first");
        browser.waitUntil(d -> keptMessages("bob") >= 1);
        browser.waitForServiceWorker();
        stopServer();
        browser.waitUntil(d -> !"connected".equals(browser.connectionState()));

        long before = System.currentTimeMillis();
        for (int i = 1; i <= 3; i++) {
            browser.send("written offline " + i);
        }
        browser.waitUntil(d -> pendingRows() == 3);
        browser.reload();
        browser.waitForMessage("written offline 3");
        browser.waitUntil(d -> pendingRows() == 3);
        browser.screenshot("offline-pending-desktop");
        browser.phoneScreenshot("offline-pending-phone", 360, 740);

        browser = browser.restart("/"); // the browser closed and opened again, the server still down
        browser.waitForMessage("written offline 3");
        assertThat(pendingRows()).isEqualTo(3);

        startServer(config);
        await().atMost(RECONNECT).until(() -> storedTexts("outbox").size() == 4);
        var page = RestAssured.given().port(config.httpPort()).get("/api/rooms/outbox/messages").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.getList("messages.text", String.class)).containsExactly("online first", "written offline 1",
                "written offline 2", "written offline 3");
        assertThat(page.getList("messages.id", String.class)).doesNotHaveDuplicates();
        for (int i = 1; i <= 3; i++) {
            long sentAt = page.getLong("messages[" + i + "].sentAt");
            assertThat(sentAt).isBetween(before, page.getLong("messages[" + i + "].ts"));
        }
        browser.waitUntil(d -> pendingRows() == 0);
        browser.waitUntil(d -> outboxSize("bob") == 0);
        assertThat(storedTexts("outbox")).hasSize(4);
    }

    @Test
    void a_message_the_server_refuses_when_it_is_back_shows_why_and_can_be_discarded() {
        startServer(TestServer.ephemeralConfig());
        browser = Browser.open(base(), "/#/r/limits").join("dana");
        browser.waitForServiceWorker();
        stopServer();
        browser.reload();
        browser.waitUntil(d -> browser.bannerText().startsWith("Offline"));
        browser.send("a message far longer than the new limit");
        browser.send("short");
        browser.waitUntil(d -> pendingRows() == 2);

        startServer(config.withLimits(10, config.maxPayloadBytes())); // the server came back stricter
        browser.waitUntil(d -> browser.driver.findElements(By.cssSelector("#messages .msg.failed")).size() == 1);
        await().atMost(RECONNECT).until(() -> storedTexts("limits").equals(List.of("short")));
        var failed = browser.driver.findElement(By.cssSelector("#messages .msg.failed .status"));
        assertThat(failed.getText()).startsWith("Failed: ").contains("0x97").contains("Retry").contains("Discard");
        browser.screenshot("offline-failed-desktop");
        browser.phoneScreenshot("offline-failed-phone", 360, 740);

        browser.reload(); // a refusal is kept, with its reason, until the user decides
        browser.waitUntil(d -> browser.driver.findElements(By.cssSelector("#messages .msg.failed")).size() == 1);
        browser.driver.findElement(By.cssSelector("#messages .msg.failed .act-discard")).click();
        browser.waitUntil(d -> browser.driver.findElements(By.cssSelector("#messages .msg.failed")).isEmpty());
        browser.waitUntil(d -> outboxSize("dana") == 0);
        assertThat(storedTexts("limits")).containsExactly("short");
    }

    @Test
    void a_new_server_version_reaches_an_open_client_which_offers_a_reload() throws Exception {
        var web = java.nio.file.Files.createTempDirectory("parley-web");
        var v1 = copyBuiltClient(web.resolve("v1"));
        startServer(TestServer.ephemeralConfig().toBuilder().webDir(v1).build());
        browser = Browser.open(base(), "/#/r/update").join("carol");
        browser.waitForServiceWorker();
        assertThat(browser.js("return document.querySelector('meta[name=parley-test-build]')")).isNull();

        stopServer();
        var v2 = copyBuiltClient(web.resolve("v2"));
        var index = v2.resolve("index.html");
        java.nio.file.Files.writeString(index, java.nio.file.Files.readString(index)
                .replace("<head>", "<head>\n  <meta name=\"parley-test-build\" content=\"v2\">"));
        var worker = v2.resolve("sw.js");
        java.nio.file.Files.writeString(worker, java.nio.file.Files.readString(worker)
                .replaceFirst("version:\"[0-9a-f]+\"", "version:\"v2-of-the-test\""));
        startServer(config.toBuilder().webDir(v2).build());

        browser.waitConnected(); // reconnecting checks for a new worker, which takes over and tells the page
        browser.waitUntil(d -> browser.driver.findElement(By.id("toasts")).getText().contains("Parley was updated"));
        browser.driver.findElement(By.cssSelector("#toasts .toast-action")).click();
        browser.waitUntil(d -> browser.js("return document.querySelector('meta[name=parley-test-build]')") != null);
        browser.waitConnected();
    }

    private static java.nio.file.Path copyBuiltClient(java.nio.file.Path to) throws Exception {
        var from = java.nio.file.Path.of("target", "classes", "web");
        try (var files = java.nio.file.Files.walk(from)) {
            for (var file : files.toList()) {
                var target = to.resolve(from.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private long pendingRows() {
        return (Long) browser.js("return document.querySelectorAll('#messages .msg.pending').length");
    }

    private List<String> storedTexts(String room) {
        var answer = RestAssured.given().port(config.httpPort()).get("/api/rooms/" + room + "/messages");
        return answer.statusCode() == 200 ? answer.jsonPath().getList("messages.text", String.class) : List.of();
    }

    private long keptMessages(String user) {
        return count(user, "messages");
    }

    private long outboxSize(String user) {
        return count(user, "outbox");
    }

    /** How many records a store of the user's IndexedDB holds (-1: no database yet). */
    private long count(String user, String store) {
        return ((Number) browser.asyncJs("const [name, store, done] = arguments;"
                + "indexedDB.databases().then(dbs => { if (!dbs.some(d => d.name === name)) return done(-1);"
                + " const open = indexedDB.open(name); open.onerror = () => done(-1);"
                + " open.onsuccess = () => { const db = open.result;"
                + "  const count = db.transaction(store).objectStore(store).count();"
                + "  count.onsuccess = () => { done(count.result); db.close(); }; }; })", "parley-" + user, store))
                .longValue();
    }
}
