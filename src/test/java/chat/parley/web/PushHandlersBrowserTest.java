package chat.parley.web;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriverException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service worker's push handlers (web/src/sw/push-handlers.js) in a real Chromium: a push delivered through the
 * DevTools protocol (no push service, no internet) becomes a notification of its room, with its sender and text.
 * A worker of its own imports the handlers, served from a web dir, so this tests the module and not the app's worker.
 */
class PushHandlersBrowserTest {

    private static final Path WEB = webDir();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(c -> c.toBuilder().webDir(WEB).build());

    private static Path webDir() {
        try {
            Path dir = Files.createTempDirectory("parley-push-web");
            Files.copy(Path.of("web/src/sw/push-handlers.js"), dir.resolve("push-handlers.js"));
            Files.writeString(dir.resolve("sw-probe.js"),
                    "import { installPushHandlers } from './push-handlers.js';\ninstallPushHandlers(self);\n");
            Files.writeString(dir.resolve("index.html"), "<!doctype html><title>probe</title>");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_push_becomes_a_notification_of_its_room_with_sender_and_text() {
        Browser.requireChromium();
        String base = "http://127.0.0.1:" + parley.server().httpPort();
        try (var browser = Browser.open(base, "/index.html")) {
            browser.driver.executeCdpCommand("Browser.grantPermissions",
                    Map.of("origin", base, "permissions", List.of("notifications")));
            Object scope = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "navigator.serviceWorker.register('/sw-probe.js', {type: 'module'})"
                    + ".then(() => navigator.serviceWorker.ready).then(r => done(r.scope), e => done('error ' + e));");
            assertThat(scope).isEqualTo(base + "/");

            String payload = "{\"room\":\"general\",\"id\":\"m1\",\"from\":\"erin\",\"title\":\"erin in #general\","
                    + "\"text\":\"@dave stand-up in 5\",\"url\":\"/#/r/general\",\"encrypted\":false}";
            deliver(browser, base, payload);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(browser.driver.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "navigator.serviceWorker.ready.then(r => r.getNotifications())"
                            + ".then(ns => done(ns.map(n => [n.title, n.body, n.tag, n.data.url].join('|'))));"))
                    .asString().contains("erin in #general|@dave stand-up in 5|parley:general|" + base + "/#/r/general"));
        }
    }

    /**
     * Delivers a push to the page's worker (DevTools {@code ServiceWorker.deliverPushMessage}); the registration id is
     * not returned by any command (only sent as an event), and a fresh profile numbers its registrations from 0.
     */
    private static void deliver(Browser browser, String origin, String data) {
        browser.driver.executeCdpCommand("ServiceWorker.enable", Map.of());
        WebDriverException last = null;
        for (int id = 0; id < 4; id++) {
            try {
                browser.driver.executeCdpCommand("ServiceWorker.deliverPushMessage",
                        Map.of("origin", origin, "registrationId", Integer.toString(id), "data", data));
                return;
            } catch (WebDriverException e) {
                last = e;
            }
        }
        throw new AssertionError("could not deliver a push to the worker", last);
    }
}
