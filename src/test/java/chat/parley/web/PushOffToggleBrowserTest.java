package chat.parley.web;

import chat.parley.config.PushSettings;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code web-push: false} the sidebar has no "Notify me when the app is closed" switch, and no empty foot. */
class PushOffToggleBrowserTest {

    @RegisterExtension
    static ParleyServerExtension pushOff = new ParleyServerExtension().withConfig(config -> config
            .withPush(new PushSettings(false, "mailto:ops@example.com", List.of("127.0.0.1"))));

    @Test
    void no_switch_when_the_server_has_push_off() {
        try (var browser = Browser.open("http://127.0.0.1:" + pushOff.server().httpPort(), "/").join("pat")) {
            browser.waitUntil(d -> "none".equals(
                    browser.js("return document.getElementById('sidebar-foot').dataset.push")));
            assertThat(browser.js("return document.getElementById('sidebar-foot').children.length")).isEqualTo(0L);
            assertThat(browser.driver.findElement(By.id("sidebar-foot")).isDisplayed()).isFalse();
        }
    }
}
