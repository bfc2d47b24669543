package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat on a 360 px wide phone: what must fit and what must show while the room list is a closed drawer. */
class PhoneBrowserTest extends BrowserTestBase {

    private Browser phone(String path) {
        var b = Browser.openSized(base, path, 360, 740);
        browsers.add(b);
        return b;
    }

    private static void publish(Mqtt5AsyncClient client, String room, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void theRoomTitleFitsBesideTheButtonsAndTheSearch() {
        var amy = phone("/#/r/design-review-7").join(unique("amy"));
        amy.waitUntil(d -> amy.visible(org.openqa.selenium.By.id("encrypt")) != null); // all the header's buttons
        assertThat(amy.js("const t = document.querySelector('.room-title');"
                + "return t.scrollWidth <= t.clientWidth && t.getBoundingClientRect().width > 120")).isEqualTo(true);
        amy.screenshot("phone-header");
    }

    @Test
    void inADirectMessageTheSearchIsOnScreenAndItsResultsLeaveItInSight() {
        String me = unique("amy");
        String other = unique("ben");
        var amy = phone("/#/r/lobby").join(me);
        amy.js("location.hash = '#/r/' + arguments[0]", me.compareTo(other) < 0 ? "dm:" + me + ":" + other
                : "dm:" + other + ":" + me);
        amy.waitUntil(d -> other.equals(amy.activeRoom()));
        // no header button shares its row in a DM: it once stayed on the title's row, squeezed off the right edge
        assertThat(amy.js("const r = document.getElementById('search-input').getBoundingClientRect();"
                + "return r.left >= 0 && r.right <= innerWidth && r.width > 200")).isEqualTo(true);
        var input = amy.driver.findElement(org.openqa.selenium.By.id("search-input"));
        input.sendKeys("anything", org.openqa.selenium.Keys.ENTER);
        amy.waitUntil(d -> amy.visible(org.openqa.selenium.By.id("search-results")) != null);
        assertThat(amy.js("return document.getElementById('search-results').getBoundingClientRect().top"
                + " >= document.getElementById('search-input').getBoundingClientRect().bottom")).isEqualTo(true);
        amy.screenshot("phone-dm-search");
    }

    @Test
    void theMenuButtonShowsUnreadMessagesInOtherRooms() {
        var amy = phone("/#/r/elsewhere").join(unique("amy"));
        amy.js("location.hash = '#/r/here'");
        amy.waitUntil(d -> "here".equals(amy.activeRoom()));
        assertThat(amy.js("return document.getElementById('menu').dataset.unread || ''")).isEqualTo("");

        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publish(bot, "elsewhere", "psst");
        amy.waitUntil(d -> "unread".equals(amy.js("return document.getElementById('menu').dataset.unread")));
        assertThat(amy.js("return getComputedStyle(document.getElementById('menu'), '::after').content"))
                .isNotEqualTo("none");
        bot.disconnect();
    }

    @Test
    void theCounterIsNotDrawnOverTheText() {
        var amy = phone("/#/r/counting").join(unique("amy"));
        amy.js("const i = document.getElementById('input'); i.value = 'x'.repeat(4001);"
                + "i.dispatchEvent(new Event('input', {bubbles: true}))");
        amy.waitUntil(d -> amy.visible(org.openqa.selenium.By.id("counter")) != null);
        assertThat(amy.js("const a = document.getElementById('counter').getBoundingClientRect(),"
                + " b = document.getElementById('input').getBoundingClientRect();"
                + "return a.right <= b.left || a.left >= b.right || a.bottom <= b.top || a.top >= b.bottom"))
                .isEqualTo(true);
        amy.screenshot("phone-counter");
    }

    @Test
    void messageTimesAreNotClippedAtTheRightEdge() {
        var amy = phone("/#/r/timely").join(unique("amy"));
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        String longText = "a long line that fills the bubble to its widest on a phone screen, and then some more";
        publish(bot, "timely", longText);
        publish(bot, "timely", longText + " again");
        amy.waitForMessage(longText + " again");
        amy.send("mine, short");
        amy.waitForMessage("mine, short");
        assertThat(amy.js("const edge = document.getElementById('messages').getBoundingClientRect().right;"
                + "return [...document.querySelectorAll('#messages .time, #messages .time-inline')]"
                + ".every(t => t.getBoundingClientRect().right <= edge)")).isEqualTo(true);
        amy.screenshot("phone-messages");
        bot.disconnect();
    }
}
