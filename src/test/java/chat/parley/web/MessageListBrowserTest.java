package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The windowed message list as a reader meets it: the row being read stays put while older rows come in above it and
 * new ones arrive below; at the bottom the list follows new messages; "↓ Latest" brings the newest back; a room with
 * unread messages opens at its "New messages" line.
 */
class MessageListBrowserTest extends BrowserTestBase {

    private static void publishAll(Mqtt5AsyncClient bot, String room, String text, int from, int to) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            sent.add(bot.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload((text + i).getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    /** How far below the top of the list the row with this text is (px), or null when it is not in the page. */
    private static Double offsetOf(Browser browser, String text) {
        Object top = browser.js("const m = [...document.querySelectorAll('#messages .msg')].find(e =>"
                + " e.querySelector('.text') && e.querySelector('.text').textContent === arguments[0]);"
                + " return m ? m.getBoundingClientRect().top - document.getElementById('messages').getBoundingClientRect().top"
                + " : null", text);
        return top == null ? null : ((Number) top).doubleValue();
    }

    private static boolean atBottom(Browser browser) {
        return (Boolean) browser.js("const l = document.getElementById('messages');"
                + " return l.scrollHeight - l.scrollTop - l.clientHeight < 2");
    }

    private static int rowsInPage(Browser browser) {
        return ((Number) browser.js("return document.querySelectorAll('#messages .msg').length")).intValue();
    }

    @Test
    void atTheBottomTheNewestMessageStaysInSightWhenTheListGetsShorter() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publishAll(bot, "shrinking", "line ", 1, 40);
        var alice = browser("/#/r/shrinking").join(unique("amy"));
        alice.waitForMessage("line 40");
        alice.waitUntil(d -> alice.visible(By.id("banner")) == null); // "Connected" has gone
        alice.waitUntil(d -> atBottom(alice));
        // the connection banner takes its line above the list (here without a lost connection)
        alice.asyncJs("const done = arguments[arguments.length - 1], b = document.getElementById('banner');"
                + " b.textContent = 'Connection lost.'; b.hidden = false;"
                + " requestAnimationFrame(() => requestAnimationFrame(done))");
        assertThat(atBottom(alice)).isTrue(); // at once, not after some later redraw happens to scroll down
        bot.disconnect();
    }

    @Test
    void theRowBeingReadStaysPutWhileOlderRowsComeInAboveAndNewOnesBelow() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publishAll(bot, "steady", "line ", 1, 300);
        var alice = browser("/#/r/steady").join(unique("amy"));
        alice.waitForMessage("line 300");
        assertThat(atBottom(alice)).isTrue();

        // to the top of what is in the page: older rows are drawn (and fetched) above, the row read does not move
        alice.js("document.getElementById('messages').scrollTop = 0");
        double before = offsetOf(alice, "line 251");
        alice.waitUntil(d -> offsetOf(alice, "line 211") != null);
        assertThat(offsetOf(alice, "line 251")).isCloseTo(before, Offset.offset(2.0));
        assertThat(alice.visible(By.id("jump-latest"))).isNotNull();

        // new messages while reading back: the reader stays where they are
        double reading = offsetOf(alice, "line 251");
        publishAll(bot, "steady", "later ", 1, 5);
        alice.waitUntil(d -> (Boolean) alice.js("return window.parley.log('steady').items.some(m => m.text === 'later 5')"));
        alice.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        assertThat(offsetOf(alice, "line 251")).isCloseTo(reading, Offset.offset(2.0));

        // "↓ Latest": the newest at the bottom, and from there the list follows new messages
        alice.driver.findElement(By.id("jump-latest")).click();
        alice.waitUntil(d -> offsetOf(alice, "later 5") != null && atBottom(alice));
        publishAll(bot, "steady", "newest ", 1, 3);
        alice.waitForMessage("newest 3");
        alice.waitUntil(d -> atBottom(alice));
        assertThat(rowsInPage(alice)).isLessThanOrEqualTo(160);
        bot.disconnect();
    }

    @Test
    void aRoomWithUnreadMessagesOpensAtItsNewMessagesLine() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publishAll(bot, "backlog", "read ", 1, 100);
        var alice = browser("/#/r/backlog").join(unique("amy"));
        alice.waitForMessage("read 100");
        alice.joinRoom("elsewhere");
        alice.waitUntil(d -> "elsewhere".equals(alice.activeRoom()));

        publishAll(bot, "backlog", "unread ", 1, 80);
        alice.waitUntil(d -> "80".equals(alice.unreadBadge("backlog")));
        alice.openRoom("backlog");

        alice.waitUntil(d -> alice.visible(By.cssSelector("#messages .new-line")) != null);
        // the line sits just above the first unread message, near the top of the list, not at the bottom
        assertThat(alice.js("const line = document.querySelector('#messages .new-line');"
                + " return line.nextElementSibling.querySelector('.text').textContent")).isEqualTo("unread 1");
        double line = ((Number) alice.js("return document.querySelector('#messages .new-line').getBoundingClientRect().top"
                + " - document.getElementById('messages').getBoundingClientRect().top")).doubleValue();
        assertThat(line).isBetween(0.0, 120.0);
        assertThat(atBottom(alice)).isFalse();
        bot.disconnect();
    }
}
