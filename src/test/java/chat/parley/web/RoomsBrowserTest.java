package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rooms in the browser: invite links, the remembered room list, unread counts, history, catch-up, search, names. */
class RoomsBrowserTest extends BrowserTestBase {
    private static void publish(Mqtt5AsyncClient client, String room, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void aRandomRoomCreatedInOneBrowserIsJoinedThroughItsInviteLink() {
        var alice = browser("/").join(unique("amy"));
        alice.driver.findElement(By.id("new-room")).click();
        String link = alice.waitFor(d -> {
            var url = d.findElement(By.id("invite-url")).getAttribute("value");
            return url == null || url.isEmpty() ? null : url;
        });
        assertThat(link).matches(java.util.regex.Pattern.quote(base) + "/#/r/[a-z2-7]{13}");
        String room = link.substring(link.lastIndexOf('/') + 1);
        assertThat(alice.activeRoom()).isEqualTo(room);
        var qr = alice.driver.findElement(By.id("invite-qr"));
        assertThat(qr.getAttribute("src")).endsWith("/api/qr.svg?room=" + room);
        alice.waitUntil(d -> (Boolean) alice.js("const i = document.getElementById('invite-qr');"
                + " return !i.hidden && i.complete && i.naturalWidth > 0"));

        var bob = Browser.open(link, "");
        browsers.add(bob);
        bob.waitUntil(d -> d.findElement(By.id("join-invite")).getText().contains("#" + room));
        bob.join(unique("ben"));
        assertThat(bob.activeRoom()).isEqualTo(room);
        assertThat(bob.roomList()).containsExactly(room);

        alice.send("welcome to the secret room");
        bob.waitForMessage("welcome to the secret room");
    }

    @Test
    void theRoomListTheLastRoomAndTheNameSurviveAReload() {
        var alice = browser("/").join(unique("amy"));
        alice.joinRoom("Design Team");
        alice.waitUntil(d -> "design-team".equals(alice.activeRoom()));
        alice.joinRoom("ops");
        alice.waitUntil(d -> "ops".equals(alice.activeRoom()));
        alice.openRoom("design-team");

        alice.reload();
        alice.waitConnected();
        assertThat(alice.visible(By.id("join-name"))).isNull();
        assertThat(alice.roomList()).containsExactly("general", "design-team", "ops");
        assertThat(alice.activeRoom()).isEqualTo("design-team");
        assertThat(alice.driver.getCurrentUrl()).endsWith("/#/r/design-team");
    }

    @Test
    void messagesInOtherRoomsCountAsUnreadUntilOpened() {
        var alice = browser("/#/r/quiet").join(unique("amy"));
        alice.joinRoom("busy");
        alice.waitUntil(d -> "busy".equals(alice.activeRoom()));
        alice.openRoom("quiet");
        var bot = Mqtt.v5(server.mqttPort(), "bot");

        publish(bot, "busy", "one");
        publish(bot, "busy", "two");
        alice.waitUntil(d -> "2".equals(alice.unreadBadge("busy")));
        assertThat(alice.unreadBadge("quiet")).isEmpty();

        alice.openRoom("busy");
        alice.waitForMessage("two");
        assertThat(alice.unreadBadge("busy")).isEmpty();
        bot.disconnect();
    }

    @Test
    void openingARoomShowsTheLatestMessagesAndScrollingUpLoadsOlderOnesWithoutDuplicates() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        for (int i = 1; i <= 120; i++) {
            publish(bot, "archive", "message " + i);
        }
        var alice = browser("/#/r/archive").join(unique("amy"));
        alice.waitForMessage("message 120");
        assertThat(alice.messageTexts()).hasSize(50).startsWith("message 71");

        alice.waitUntil(d -> {
            alice.js("document.getElementById('messages').scrollTop = 0");
            return alice.messageTexts().size() == 120;
        });
        assertThat(alice.messageTexts()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 120).mapToObj(i -> "message " + i).toList());
        alice.waitUntil(d -> d.findElement(By.id("messages")).getText().contains("This is the start of #archive."));
        bot.disconnect();
    }

    @Test
    void afterLosingTheConnectionTheClientFetchesWhatItMissedOnceEach() {
        String amy = unique("amy");
        var alice = browser("/#/r/catchup").join(amy);
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publish(bot, "catchup", "before 1");
        alice.waitForMessage("before 1");

        var twin = alice.takeOverConnection(amy, server.mqttPort());
        for (int i = 1; i <= 5; i++) {
            publish(bot, "catchup", "meanwhile " + i);
        }
        alice.waitUntil(d -> !"connected".equals(alice.connectionState()) || alice.messageTexts().size() == 6);
        alice.waitConnected();
        alice.waitForMessage("meanwhile 5");
        publish(bot, "catchup", "after 1");
        alice.waitForMessage("after 1");

        assertThat(alice.messageTexts()).containsExactly("before 1", "meanwhile 1", "meanwhile 2", "meanwhile 3",
                "meanwhile 4", "meanwhile 5", "after 1");
        twin.disconnect();
        bot.disconnect();
    }

    @Test
    void searchMarksTheMatchesAndOpensTheRoom() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publish(bot, "zoo", "the quick brown fox <b>jumps</b>");
        var alice = browser("/#/r/general").join(unique("amy"));

        var box = alice.driver.findElement(By.id("search-input"));
        box.sendKeys("fox\n");
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#search-results .result")).isEmpty());
        var result = alice.driver.findElement(By.cssSelector("#search-results .result"));
        assertThat(result.findElement(By.cssSelector(".result-room")).getText()).isEqualTo("#zoo");
        assertThat(result.findElements(By.tagName("mark"))).extracting(e -> e.getText()).containsExactly("fox");
        assertThat(result.findElements(By.tagName("b"))).isEmpty();

        result.click();
        alice.waitUntil(d -> "zoo".equals(alice.activeRoom()));
        alice.waitForMessage("the quick brown fox <b>jumps</b>");
        bot.disconnect();
    }

    @Test
    void aNameClaimedElsewhereIsRefusedWithAClearMessage() throws Exception {
        var http = HttpClient.newHttpClient();
        var claim = http.send(HttpRequest.newBuilder(URI.create(base + "/api/claim"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"carol\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(claim.statusCode()).isEqualTo(201);

        var other = browser("/");
        var name = other.waitFor(d -> other.visible(By.id("join-name")));
        name.sendKeys("carol");
        other.driver.findElement(By.id("join-button")).click();
        other.waitUntil(d -> d.findElement(By.id("join-error")).getText().contains("taken"));
        assertThat(other.visible(By.id("join-name"))).isNotNull();

        var dave = browser("/").join(unique("dave"));
        assertThat(dave.connectionState()).isEqualTo("connected");
        dave.reload();
        dave.waitConnected();
    }

    @Test
    void aRoomThatWasReadHasNoUnreadBadgeAfterAReload() {
        var alice = browser("/#/r/calm").join(unique("amy"));
        alice.joinRoom("chatty");
        alice.waitUntil(d -> "chatty".equals(alice.activeRoom()));
        alice.openRoom("calm");
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publish(bot, "chatty", "one");
        publish(bot, "chatty", "two");
        alice.waitUntil(d -> "2".equals(alice.unreadBadge("chatty")));

        alice.openRoom("chatty");
        alice.waitForMessage("two");
        alice.openRoom("calm");
        alice.reload();
        alice.waitConnected();
        alice.waitUntil(d -> "calm".equals(alice.activeRoom()));
        alice.waitUntil(d -> (Boolean) alice.js("return document.querySelectorAll('#rooms .room-link').length === 2"));
        assertThat(alice.js("return JSON.parse(localStorage.getItem('parley.unread') || '{}').chatty ?? null")).isNull();
        assertThat(alice.unreadBadge("chatty")).isEmpty();
        bot.disconnect();
    }

    @Test
    void openingANewEmptyRoomLogsNoConsoleError() {
        String amy = unique("amy");
        var alice = browser("/#/r/general").join(amy);
        alice.consoleErrors();
        alice.joinRoom("brand-new-" + unique("r"));
        alice.waitUntil(d -> d.findElement(By.id("messages")).getText().contains("Say hello"));
        assertThat(alice.consoleErrors()).isEmpty();
        // nor a new direct conversation with someone she never wrote to
        alice.joinRoom("dm:" + amy + ":" + unique("zed"));
        alice.waitUntil(d -> !d.findElement(By.id("messages")).getText().contains("Loading"));
        assertThat(alice.consoleErrors()).isEmpty();
    }

    @Test
    void aNameCorrectedAfterAnErrorJoins() {
        var grace = browser("/");
        var name = grace.waitFor(d -> grace.visible(By.id("join-name")));
        name.sendKeys("Grace Hopper");
        grace.driver.findElement(By.id("join-button")).click();
        grace.waitUntil(d -> d.findElement(By.id("join-error")).getText().contains("lower-case"));

        name.clear();
        name.sendKeys(unique("grace"));
        grace.driver.findElement(By.id("join-button")).click();
        grace.waitConnected();
        assertThat(grace.visible(By.id("join-name"))).isNull();
    }

    @Test
    void aSearchHitOpensItsRoomAtTheMessage() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        for (int i = 1; i <= 120; i++) {
            publish(bot, "haystack", i == 17 ? "the golden needle" : "straw " + i);
        }
        var alice = browser("/#/r/general").join(unique("amy"));
        alice.joinRoom("haystack");
        alice.waitForMessage("straw 120");
        alice.openRoom("general");

        alice.driver.findElement(By.id("search-input")).sendKeys("needle\n");
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#search-results .result")).isEmpty());
        alice.driver.findElement(By.cssSelector("#search-results .result")).click();
        alice.waitUntil(d -> "haystack".equals(alice.activeRoom()));
        alice.waitUntil(d -> "msg flash".equals(alice.messageClass("the golden needle"))
                || String.valueOf(alice.messageClass("the golden needle")).contains("flash"));
        assertThat(alice.js("const m = [...document.querySelectorAll('#messages .msg')].find(e =>"
                + " e.textContent.includes('the golden needle')).getBoundingClientRect(),"
                + " l = document.getElementById('messages').getBoundingClientRect();"
                + " return m.top >= l.top && m.bottom <= l.bottom")).isEqualTo(true);
        bot.disconnect();
    }
}
