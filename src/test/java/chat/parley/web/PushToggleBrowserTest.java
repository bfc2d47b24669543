package chat.parley.web;

import chat.parley.config.PushSettings;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Notify me when the app is closed" switch at the foot of the sidebar (web/src/push/push-toggle.js): there on a
 * server with Web Push on, in a secure context (127.0.0.1 is one); saying so when the user blocked notifications for
 * the site. With {@code web-push: false} it is absent (PushOffToggleBrowserTest). Turning it on needs a push service on the internet and is tested
 * through the server's API in WebPushTest.
 */
class PushToggleBrowserTest {

    @RegisterExtension
    static ParleyServerExtension pushOn = new ParleyServerExtension().withConfig(config -> config
            .withPush(new PushSettings(true, "mailto:ops@example.com", List.of("127.0.0.1"))));

    private static String base(ParleyServerExtension parley) {
        return "http://127.0.0.1:" + parley.server().httpPort();
    }

    private static void permitNotifications(Browser browser, String setting) {
        browser.driver.executeCdpCommand("Browser.setPermission", Map.of("origin", base(pushOn),
                "permission", Map.of("name", "notifications"), "setting", setting));
        browser.reload();
    }

    @Test
    void the_switch_is_in_the_sidebar_when_the_server_pushes() {
        try (var browser = Browser.open(base(pushOn), "/")) {
            permitNotifications(browser, "granted"); // headless Chromium denies them unless told
            browser.join("pia");
            var button = browser.waitFor(d -> browser.visible(By.cssSelector("#sidebar-foot .push-button")));
            assertThat(button.getText()).isEqualTo("Notify me when the app is closed");
            assertThat(button.isEnabled()).isTrue();
            assertThat(browser.driver.findElement(By.cssSelector("#sidebar-foot .push-state")).getText()).isEmpty();
        }
    }

    @Test
    void the_switch_says_notifications_are_blocked_when_the_user_blocked_them() {
        try (var browser = Browser.open(base(pushOn), "/")) {
            permitNotifications(browser, "denied");
            browser.join("pim");
            var button = browser.waitFor(d -> browser.visible(By.cssSelector("#sidebar-foot .push-button")));
            assertThat(button.isEnabled()).isFalse();
            assertThat(browser.driver.findElement(By.cssSelector("#sidebar-foot .push-state")).getText())
                    .contains("blocked for this site");
        }
    }
}
