package chat.parley.web;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.bridge.Mosquitto;
import chat.parley.config.BridgeConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web client of a bridged server: badges on bridged rooms and messages, and a banner while the bridge is down. */
class BridgeBrowserTest {

    private static final String PREFIX = "browser-test";

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer server;
    Browser browser;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        server = ParleyServer.start(TestServer.ephemeralConfig().withBridge(BridgeConfig.off().withEnabled(true)
                .withUrl(remote.url()).withRemotePrefix(PREFIX).withRooms(List.of("general"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.bridge().connected());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void bridged_rooms_and_messages_are_marked_and_a_remote_sender_is_shown_with_its_site() {
        browser = Browser.open("http://127.0.0.1:" + server.httpPort(), "/#/r/general").join("dana");
        browser.joinRoom("lobby");
        browser.waitUntil(d -> !d.findElements(By.cssSelector(
                "#rooms .room-link[data-room='general'] .bridged-badge")).isEmpty());
        assertThat(browser.driver.findElements(By.cssSelector("#rooms .room-link[data-room='lobby'] .bridged-badge")))
                .isEmpty();
        browser.openRoom("general");

        Mqtt5AsyncClient siteB = Mqtt.v5(remote.port(), null);
        Mqtt.join(siteB.publishWith().topic(PREFIX + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"web-1\",\"from\":\"dana\",\"origin\":\"site-b-4k2m9q\",\"text\":\"hello from B\"}"
                        .getBytes(StandardCharsets.UTF_8)).send());
        siteB.disconnect();
        browser.waitForMessage("hello from B");
        // Same name as the local user, but another site's claim: shown with its site and never as "own".
        assertThat(browser.messageSender("hello from B")).isEqualTo("dana@site-b");
        assertThat(browser.messageClass("hello from B")).contains("bridged").doesNotContain("own");

        browser.send("hello from A");
        browser.waitForMessage("hello from A");
        assertThat(browser.messageClass("hello from A")).contains("own").doesNotContain("bridged");
        browser.screenshot("bridge-messages");
    }

    @Test
    void the_admin_page_shows_the_bridge_card_and_turns_the_bridge_off_and_on() {
        try {
            browser = Browser.open("http://127.0.0.1:" + server.httpPort(), "/#/admin");
            var input = browser.waitFor(d -> browser.visible(By.id("admin-token")));
            input.sendKeys(server.adminToken().value());
            browser.driver.findElement(By.cssSelector("#admin-login button[type=submit]")).click();
            browser.waitUntil(d -> browser.visible(By.cssSelector("#admin-bridge .pill.connected")) != null);
            String card = browser.driver.findElement(By.id("admin-bridge")).getText();
            assertThat(card).contains(remote.url()).contains(PREFIX).contains("general");

            // Site C's counter jumps from 1 to 4 here: the card shows C with 1 held and 2 missing.
            Mqtt5AsyncClient siteC = Mqtt.v5(remote.port(), null);
            for (int oseq : new int[] {1, 4}) {
                Mqtt.join(siteC.publishWith().topic(PREFIX + "/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"id\":\"gap-" + oseq + "\",\"from\":\"carl\",\"origin\":\"site-c-777777\","
                                + "\"oseq\":" + oseq + ",\"text\":\"c " + oseq + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                        .send());
            }
            siteC.disconnect();
            browser.waitUntil(d -> !d.findElements(By.cssSelector(
                    "#admin-bridge-origins tr[data-origin='site-c-777777'] .gap.open")).isEmpty());
            String row = browser.driver.findElement(By.cssSelector(
                    "#admin-bridge-origins tr[data-origin='site-c-777777']")).getText();
            assertThat(row).contains("#general").contains("2 missing");
            assertThat(row.split("\\s+")[2]).isEqualTo("1");

            browser.driver.findElement(By.cssSelector("#admin-bridge button.bridge-toggle")).click();
            browser.waitUntil(d -> browser.visible(By.cssSelector("#admin-bridge .pill.off")) != null);
            assertThat(server.bridge().config().enabled()).isFalse();
            browser.driver.findElement(By.cssSelector("#admin-bridge button.bridge-toggle")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> server.bridge().connected());
        } finally {
            server.bridge().update(true, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.bridge().connected());
        }
    }

    @Test
    void a_banner_says_so_while_the_bridge_is_down() {
        browser = Browser.open("http://127.0.0.1:" + server.httpPort(), "/#/r/general").join("erin");
        browser.waitConnected();
        assertThat(browser.visible(By.id("bridge-banner"))).isNull();
        remote.stop();
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> browser.visible(By.id("bridge-banner")) != null);
            assertThat(browser.visible(By.id("bridge-banner")).getText()).contains("bridge to other sites is down");
            browser.screenshot("bridge-down");
        } finally {
            remote.start();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> browser.visible(By.id("bridge-banner")) == null);
    }
}
