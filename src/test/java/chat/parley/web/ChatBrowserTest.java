package chat.parley.web;

import chat.parley.Mqtt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Two people chatting in real browsers, and a browser next to plain MQTT clients, against the real server. */
class ChatBrowserTest extends BrowserTestBase {
    private static final String Q = "Morning Bob! Is the 2.3 build green?";
    private static final String A1 = "Yes, every test passes.";
    private static final String A2 = "Release notes: https://example.com/notes @alice please review";

    @Test
    void twoPeopleChatBothWaysWithSenderOwnMessagesAndGrouping() {
        var alice = browser("/#/r/team").join("alice");
        var bob = browser("/#/r/team").join("bob");

        alice.send(Q);
        bob.waitForMessage(Q);
        bob.send(A1);
        bob.send(A2);
        alice.waitForMessage(A2);

        assertThat(alice.messageTexts()).containsExactly(Q, A1, A2);
        assertThat(bob.messageTexts()).containsExactly(Q, A1, A2);
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());
        assertThat(alice.messageSender(A1)).isEqualTo("bob");
        assertThat(alice.messageClass(A1)).doesNotContain("own").doesNotContain("grouped");
        assertThat(alice.messageClass(A2)).contains("grouped");
        assertThat(alice.messageSender(A2)).isEqualTo("bob");
        assertThat(alice.messageClass(Q)).contains("own");
        assertThat(alice.driver.findElements(By.cssSelector("#messages .day"))).hasSize(1);
        alice.screenshot("conversation-alice");
        bob.screenshot("conversation-bob");
    }

    @Test
    void markupInMessagesIsShownAsTextAndRunsNothing() {
        var alice = browser("/#/r/safety").join(unique("amy"));
        var bob = browser("/#/r/safety").join(unique("ben"));
        String img = "<img src=x onerror=\"window.pwned=1\">";
        String script = "<script>window.pwned=2</script><b>bold</b>";

        alice.send(img);
        alice.send(script);
        bob.waitForMessage(script);

        assertThat(bob.messageTexts()).containsExactly(img, script);
        assertThat(bob.driver.findElements(By.cssSelector("#messages img, #messages script, #messages b"))).isEmpty();
        assertThat(bob.js("return window.pwned === undefined")).isEqualTo(true);
        assertThatThrownBy(() -> bob.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void onlyHttpLinksAreClickableAndTheyOpenSafely() {
        var alice = browser("/#/r/links").join(unique("amy"));
        var bob = browser("/#/r/links").join(unique("ben"));

        alice.send("docs at https://example.com/guide?x=1. and javascript:alert(1) and data:text/html,hi");
        String text = "docs at https://example.com/guide?x=1. and javascript:alert(1) and data:text/html,hi";
        bob.waitForMessage(text);

        var links = bob.linksIn(text);
        assertThat(links).hasSize(1);
        assertThat(links.get(0)).containsEntry("href", "https://example.com/guide?x=1")
                .containsEntry("rel", "noopener noreferrer")
                .containsEntry("target", "_blank")
                .containsEntry("text", "https://example.com/guide?x=1");
    }

    @Test
    void plainTextFromAnMqttClientAppearsAndBrowserMessagesReachMqttClients() throws Exception {
        String amy = unique("amy");
        var alice = browser("/#/r/lab").join(amy);
        var sensor = Mqtt.v5(server.mqttPort(), "sensor");
        var inbox = Mqtt.subscribe(sensor, "parley/rooms/lab/messages");

        Mqtt.join(sensor.publishWith().topic("parley/rooms/lab/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("temperature is 21.5 C".getBytes(StandardCharsets.UTF_8)).send());
        alice.waitForMessage("temperature is 21.5 C");
        assertThat(alice.messageSender("temperature is 21.5 C")).isEqualTo("sensor");

        alice.send("thanks, sensor");
        await().until(() -> inbox.stream().anyMatch(p -> Mqtt.text(p).contains("thanks, sensor")));
        JsonNode envelope = new ObjectMapper().readTree(inbox.stream().map(Mqtt::text)
                .filter(t -> t.contains("thanks, sensor")).findFirst().orElseThrow());
        assertThat(envelope.path("from").asText()).isEqualTo(amy);
        assertThat(envelope.path("type").asText()).isEqualTo("text");
        assertThat(envelope.path("room").asText()).isEqualTo("lab");
        sensor.disconnect();
    }

    @Test
    void slashMeIsShownAsAnActionLikeTheTerminalClientShowsIt() {
        String amy = unique("amy");
        var alice = browser("/#/r/actions").join(amy);
        var bob = browser("/#/r/actions").join(unique("ben"));

        alice.send("/me waves at everyone");
        String shown = "* " + amy + " waves at everyone";
        bob.waitForMessage(shown);
        assertThat(bob.messageClass(shown)).contains("msg");
        assertThat(bob.driver.findElements(By.cssSelector("#messages .text.action"))).hasSize(1);
    }

    @Test
    void aMessageFromAPlainPahoClientAppearsInThePage() throws Exception {
        var alice = browser("/#/r/paho").join(unique("amy"));
        alice.waitConnected();
        var paho = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + server.mqttPort(),
                "paho-script", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName("paho-script"); // chat needs a username: from is never the client id
        paho.connect(options);
        paho.publish("parley/rooms/paho/messages",
                new org.eclipse.paho.client.mqttv3.MqttMessage("hello from a python-style script".getBytes()));

        alice.waitForMessage("hello from a python-style script");
        assertThat(alice.messageSender("hello from a python-style script")).isEqualTo("paho-script");
        paho.disconnect();
        paho.close();
    }

    @Test
    void typingIndicatorAppearsForOthersAndGoesAwayWhenTheMessageArrives() {
        var alice = browser("/#/r/typing").join(unique("amy"));
        String ben = unique("ben");
        var bob = browser("/#/r/typing").join(ben);

        bob.driver.findElement(By.id("input")).sendKeys("I am wri");
        alice.waitUntil(d -> d.findElement(By.id("typing")).getText().equals(ben + " is typing…"));
        assertThat(bob.driver.findElement(By.id("typing")).getText()).isEmpty();

        bob.driver.findElement(By.id("input")).sendKeys("ting\n");
        alice.waitForMessage("I am writing");
        alice.waitUntil(d -> d.findElement(By.id("typing")).getText().isEmpty());
    }

    @Test
    void noTypingSignalGoesToARoomWithMorePeopleOnlineThanTheServerShowsTypingTo() {
        String amy = unique("amy");
        var alice = browser("/#/r/crowd").join(amy);
        String ben = unique("ben");
        var bob = browser("/#/r/crowd").join(ben);
        bob.waitUntil(d -> !d.findElements(By.cssSelector("#people .person[data-user='" + amy + "'].online")).isEmpty());
        // as if the server delivered typing only in rooms of one person: bob's room of two is too large
        bob.js("window.parley.info.limits.typingMaxPeople = 1;");
        alice.js("window.typingSeen = ''; new MutationObserver(() => { window.typingSeen += "
                + "document.getElementById('typing').textContent; })"
                + ".observe(document.getElementById('typing'), {childList: true, subtree: true, characterData: true});");

        bob.driver.findElement(By.id("input")).sendKeys("Quietly written\n");
        alice.waitForMessage("Quietly written");
        assertThat(alice.js("return window.typingSeen;")).isEqualTo("");
    }

    @Test
    void bannerShowsConnectingThenConnectedAndTheOnlineListShowsMe() {
        String amy = unique("amy");
        var alice = browser("/#/r/general").join(amy);

        assertThat(alice.connectionState()).isEqualTo("connected");
        assertThat(alice.driver.findElement(By.id("banner")).getAttribute("data-state")).isEqualTo("connected");
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#people .person[data-user='" + amy + "'].online")).isEmpty());
        // the MQTT client id is kept in the page (tools and tests read it) but not shown to people
        assertThat(alice.clientId()).startsWith(amy + "-web-");
        assertThat(alice.driver.findElement(By.id("sidebar")).getText()).doesNotContain(amy + "-web-");
    }

    @Test
    void anIncomingMessageAddsItsOwnRowAndLeavesTheOthersUntouched() {
        var alice = browser("/#/r/steady").join(unique("amy"));
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        for (int i = 1; i <= 30; i++) {
            Mqtt.join(bot.publishWith().topic("parley/rooms/steady/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("line " + i).getBytes(StandardCharsets.UTF_8)).send());
        }
        alice.waitForMessage("line 30");
        // mark the rows on screen, and count every node added anywhere in the list from now on
        alice.js("window.added = 0; document.querySelectorAll('#messages .msg').forEach(m => m.dataset.probe = '1');"
                + "new MutationObserver(rs => rs.forEach(r => window.added += r.addedNodes.length))"
                + ".observe(document.getElementById('messages'), {childList: true, subtree: true});");

        Mqtt.join(bot.publishWith().topic("parley/rooms/steady/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("line 31".getBytes(StandardCharsets.UTF_8)).send());
        alice.waitForMessage("line 31");

        assertThat(((Number) alice.js("return window.added")).intValue()).isEqualTo(1);
        assertThat(((Number) alice.js("return document.querySelectorAll('#messages .msg[data-probe]').length"))
                .intValue()).isEqualTo(30);
        bot.disconnect();
    }

    @Test
    void losingTheConnectionShowsReconnectingAndTheClientComesBack() {
        String amy = unique("amy");
        var alice = browser("/#/r/general").join(amy);

        // Everything the banner and the connection state show, kept: the outage may be over before a poll sees it.
        alice.js("window.seen = []; const app = document.getElementById('app'), banner = document.getElementById('banner');"
                + "new MutationObserver(() => seen.push(app.dataset.connection + '|' + banner.textContent))"
                + ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");

        // A second connection of amy with the same client id makes the broker drop the browser's (session takeover).
        var twin = alice.takeOverConnection(amy, server.mqttPort());
        alice.waitUntil(d -> seen(alice).stream().anyMatch(s -> s.startsWith("reconnecting|")
                && (s.contains("Reconnecting") || s.contains("Connection lost"))));
        alice.waitConnected();

        alice.send("back online");
        alice.waitForMessage("back online");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());
        twin.disconnect();
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<String> seen(Browser browser) {
        return (java.util.List<String>) browser.js("return window.seen");
    }

    @Test
    void pageLoadsItsFilesUnderAContentSecurityPolicyWithoutInlineScript() {
        var alice = browser("/");
        alice.waitFor(d -> alice.visible(By.id("join-name")));
        String csp = (String) alice.js("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content");
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(alice.driver.findElements(By.cssSelector("script:not([src])"))).isEmpty();
    }

    @Test
    void markdownIsDrawnWithElementsAndRawHtmlStaysText() {
        var alice = browser("/#/r/formatting").join(unique("amy"));
        var bob = browser("/#/r/formatting").join(unique("ben"));
        String text = "**bold**, *italics* and `code` <b>not html</b>\n```\nint x = 1;\n```\n> a quote\n\n- one\n- two\n\n"
                + "[docs](https://example.com/docs) [bad](javascript:alert(1))";
        alice.js("const i = document.getElementById('input'); i.value = arguments[0];"
                + "i.dispatchEvent(new Event('input', {bubbles: true}))", text);
        alice.driver.findElement(By.id("input")).sendKeys(org.openqa.selenium.Keys.ENTER);

        bob.waitUntil(d -> !d.findElements(By.cssSelector("#messages .msg pre code")).isEmpty());
        assertThat(bob.driver.findElement(By.cssSelector("#messages .msg strong")).getText()).isEqualTo("bold");
        assertThat(bob.driver.findElement(By.cssSelector("#messages .msg em")).getText()).isEqualTo("italics");
        assertThat(bob.driver.findElement(By.cssSelector("#messages .msg p code")).getText()).isEqualTo("code");
        assertThat(bob.driver.findElement(By.cssSelector("#messages .msg pre code")).getText()).isEqualTo("int x = 1;");
        assertThat(bob.driver.findElement(By.cssSelector("#messages .msg blockquote")).getText()).isEqualTo("a quote");
        assertThat(bob.driver.findElements(By.cssSelector("#messages .msg ul li"))).hasSize(2);
        assertThat(bob.driver.findElements(By.cssSelector("#messages .msg b"))).isEmpty();
        assertThat((String) bob.js("return document.querySelector('#messages .msg p').textContent"))
                .contains("<b>not html</b>");
        var links = bob.driver.findElements(By.cssSelector("#messages .msg a"));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getAttribute("href")).isEqualTo("https://example.com/docs");
        assertThat(links.get(0).getAttribute("rel")).isEqualTo("noopener noreferrer");
        bob.screenshot("markdown-bob");
    }

    @Test
    void typingAnAtOffersTheNamesOfPeopleOnline() {
        String ben = unique("ben");
        var bob = browser("/#/r/mentions").join(ben);
        var alice = browser("/#/r/mentions").join(unique("amy"));
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#people .person[data-user='" + ben + "']")).isEmpty());
        var input = alice.driver.findElement(By.id("input"));
        input.sendKeys("hi @" + ben);
        alice.waitUntil(d -> alice.visible(By.cssSelector("#mention-list li[data-user='" + ben + "']")) != null);
        input.sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(input.getAttribute("value")).isEqualTo("hi @" + ben + " ");
        input.sendKeys("look", org.openqa.selenium.Keys.ENTER);
        bob.waitForMessage("hi @" + ben + " look");
        assertThat(bob.messageClass("hi @" + ben + " look")).contains("mentioned");
    }
}
