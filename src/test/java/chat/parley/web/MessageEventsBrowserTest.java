package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies, reactions, edits and deletions as the page draws them (desktop and phone), for a screenshot of a whole
 * conversation: events from people who are not there (carol, dave) are handed to the page as the room's stream would
 * deliver them; the messages they change are real ones, sent over MQTT. {@link EventsBetweenTwoBrowsersTest} has real
 * people make each event in one browser and see it in another.
 */
class MessageEventsBrowserTest extends BrowserTestBase {

    private static void publish(Mqtt5AsyncClient client, String room, String json) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(StandardCharsets.UTF_8)).send());
    }

    /** Delivers an envelope to the page as the broker would (same room, live). */
    private static void deliver(Browser browser, String room, String json) {
        browser.js("window.parley.receive(arguments[0], [JSON.parse(arguments[1])], {live: true})", room, json);
    }

    private void conversation(Browser amy, String room, String me) {
        var bob = Mqtt.v5(server.mqttPort(), "bob");
        publish(bob, room, "{\"v\":1,\"id\":\"q1\",\"type\":\"text\",\"text\":\"Can someone review the **retry** change?\"}");
        publish(bob, room, "{\"v\":1,\"id\":\"c1\",\"type\":\"text\",\"text\":\"It is this:\\n```java\\n"
                + "backoff = Math.min(backoff * 2, MAX);\\n```\"}");
        publish(bob, room, "{\"v\":1,\"id\":\"r1\",\"type\":\"text\",\"text\":\"@" + me + " looks right to me\","
                + "\"replyTo\":\"q1\"}");
        publish(bob, room, "{\"v\":1,\"id\":\"t1\",\"type\":\"text\",\"text\":\"typo in the commit mesage\"}");
        amy.waitForMessage("typo in the commit mesage");
        bob.disconnect();
        deliver(amy, room, "{\"v\":1,\"id\":\"e1\",\"type\":\"reaction\",\"target\":\"q1\",\"emoji\":\"👍\","
                + "\"op\":\"add\",\"from\":\"carol\"}");
        deliver(amy, room, "{\"v\":1,\"id\":\"e2\",\"type\":\"reaction\",\"target\":\"q1\",\"emoji\":\"👍\","
                + "\"op\":\"add\",\"from\":\"dave\"}");
        deliver(amy, room, "{\"v\":1,\"id\":\"e3\",\"type\":\"reaction\",\"target\":\"c1\",\"emoji\":\"🎉\","
                + "\"op\":\"add\",\"from\":\"carol\"}");
        deliver(amy, room, "{\"v\":1,\"id\":\"e4\",\"type\":\"edit\",\"target\":\"t1\",\"from\":\"bob\","
                + "\"text\":\"typo in the commit message\",\"ts\":" + System.currentTimeMillis() + "}");
    }

    @Test
    void repliesReactionsAndEditsShowOnTheirMessages() {
        String room = "review-" + unique("r");
        String me = unique("amy");
        var amy = browser("/#/r/" + room).join(me);
        conversation(amy, room, me);

        amy.waitForMessage("typo in the commit message");
        assertThat(amy.messageTexts()).doesNotContain("typo in the commit mesage");
        By thumbs = By.cssSelector("#messages .msg[data-id='q1'] .reaction[data-emoji='👍']");
        amy.waitUntil(d -> amy.visible(thumbs) != null);
        assertThat(amy.driver.findElement(thumbs).getText()).isEqualTo("👍 2");
        assertThat(amy.driver.findElement(thumbs).getAttribute("title")).isEqualTo("carol, dave");
        assertThat(amy.driver.findElement(By.cssSelector("#messages .msg[data-id='t1'] .edited")).getText())
                .contains("(edited)");
        // the quote is one plain line: the markdown of the message it answers is taken out, not shown raw
        var quote = amy.driver.findElement(By.cssSelector("#messages .msg[data-id='r1'] .reply-quote"));
        assertThat(quote.getText()).isEqualTo("↪ bob: Can someone review the retry change?");
        assertThat(quote.getCssValue("white-space")).isEqualTo("nowrap");
        amy.js("document.querySelector(\"#messages .msg[data-id='q1'] .act-reply\").click()");
        assertThat(amy.driver.findElement(By.id("compose-context-text")).getText())
                .isEqualTo("Replying to bob: Can someone review the retry change?");
        amy.driver.findElement(By.id("compose-context-cancel")).click();
        amy.screenshot("conversation-events-desktop");

        amy.driver.findElement(By.cssSelector("#messages .msg[data-id='q1'] .replies")).click();
        amy.waitUntil(d -> amy.visible(By.id("thread")) != null);
        assertThat(amy.driver.findElements(By.cssSelector("#thread .thread-msg"))).hasSize(2);
        amy.screenshot("conversation-thread-desktop");

        deliver(amy, room, "{\"v\":1,\"id\":\"e5\",\"type\":\"delete\",\"target\":\"c1\",\"from\":\"bob\"}");
        amy.waitUntil(d -> amy.messageTexts().contains("This message was deleted."));
        assertThat(amy.driver.findElements(By.cssSelector("#messages .msg[data-id='c1'] pre"))).isEmpty();
    }

    @Test
    void onAPhoneTheSameConversationFits() {
        String room = "review-" + unique("r");
        String me = unique("amy");
        var amy = Browser.openSized(base, "/#/r/" + room, 360, 740);
        browsers.add(amy);
        amy.join(me);
        conversation(amy, room, me);
        amy.waitForMessage("typo in the commit message");
        assertThat(amy.js("const edge = document.getElementById('messages').getBoundingClientRect().right;"
                + "return [...document.querySelectorAll('#messages .bubble, #messages .reactions')]"
                + ".every(b => b.getBoundingClientRect().right <= edge)")).isEqualTo(true);
        amy.screenshot("conversation-events-phone");
    }
}
