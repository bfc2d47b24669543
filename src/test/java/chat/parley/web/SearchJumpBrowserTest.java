package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search hit far back in a long room: the page opens the room at the hit (the page {@code ?around=} its seq, not
 * every page in between), highlighted and in view; scrolling from there fills the gap to the newest messages page by
 * page, from either side, so the room ends up with every message once, live and caught-up ones included.
 */
class SearchJumpBrowserTest extends BrowserTestBase {

    private static final int MESSAGES = 400;
    /** A room of {@code MESSAGES} messages, the tenth of them the needle. */
    private static void fill(Mqtt5AsyncClient bot, String room, String needle) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            sent.add(bot.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload((i == 10 ? needle : "message " + i).getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static void publish(Mqtt5AsyncClient bot, String room, String text) {
        Mqtt.join(bot.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    /** Joins, sees the newest message of the room, then searches from another room and clicks the hit. */
    private Browser openAtTheNeedle(String room, String needle, Mqtt5AsyncClient bot) {
        fill(bot, room, needle);
        var alice = browser("/#/r/" + room).join(unique("amy"));
        alice.waitForMessage("message " + MESSAGES);
        alice.joinRoom("elsewhere");
        alice.waitUntil(d -> "elsewhere".equals(alice.activeRoom()));

        alice.driver.findElement(By.id("search-input")).sendKeys(needle.substring(needle.lastIndexOf(' ') + 1) + "\n");
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#search-results .result")).isEmpty());
        alice.driver.findElement(By.cssSelector("#search-results .result")).click();
        alice.waitUntil(d -> room.equals(alice.activeRoom()));
        alice.waitUntil(d -> String.valueOf(alice.messageClass(needle)).contains("flash"));
        return alice;
    }

    private static boolean inView(Browser browser, String text) {
        return (Boolean) browser.js("const m = [...document.querySelectorAll('#messages .msg')].find(e =>"
                + " e.querySelector('.text') && e.querySelector('.text').textContent === arguments[0]);"
                + " if (!m) return false; const r = m.getBoundingClientRect(),"
                + " l = document.getElementById('messages').getBoundingClientRect();"
                + " return r.top >= l.top && r.bottom <= l.bottom", text);
    }

    /** The seqs of the rows in the page, in order. */
    @SuppressWarnings("unchecked")
    private static List<Long> rowSeqs(Browser browser) {
        return ((List<Object>) browser.js("return [...document.querySelectorAll('#messages .msg')]"
                + ".map(m => Number(m.dataset.seq))")).stream().map(o -> ((Number) o).longValue()).toList();
    }

    /** The seqs of the messages the page holds for the room (drawn or not), in order. */
    @SuppressWarnings("unchecked")
    private static List<Long> heldSeqs(Browser browser, String room) {
        return ((List<Object>) browser.js("return window.parley.log(arguments[0]).items.map(m => m.seq)", room))
                .stream().map(o -> ((Number) o).longValue()).toList();
    }

    private static void assertRowsInOrderWithoutDuplicates(Browser browser) {
        List<Long> rows = rowSeqs(browser);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i)).as("row %d of %s", i, rows).isGreaterThan(rows.get(i - 1));
        }
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aHitFarBackOpensTheRoomAtItAndScrollingDownReachesTheNewestWithEveryMessageOnce() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        String room = "deep";
        String needle = "the golden needle zanzibar";
        var alice = openAtTheNeedle(room, needle, bot);

        assertThat(inView(alice, needle)).isTrue();
        // only the page around the hit was loaded, not the 300 messages in between
        assertThat(heldSeqs(alice, room)).contains(10L).doesNotContain(200L);
        assertThat(alice.visible(By.id("jump-latest"))).isNotNull();

        // while the reader is far back, new messages arrive live and, after a dropped connection, by catch-up
        publish(bot, room, "live while reading");
        alice.waitUntil(d -> heldSeqs(alice, room).contains((long) MESSAGES + 1));
        String me = (String) alice.js("return window.parley.me.user");
        var twin = alice.takeOverConnection(me, server.mqttPort()); // the page is off the broker until it reconnects
        publish(bot, room, "missed while away");
        alice.waitUntil(d -> heldSeqs(alice, room).contains((long) MESSAGES + 2));
        alice.waitConnected();
        assertThat(inView(alice, needle)).as("the reader stays at the hit").isTrue();

        // scrolling down loads newer pages until the gap is closed and the newest message is on screen
        alice.waitUntil(d -> {
            alice.js("const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight");
            assertRowsInOrderWithoutDuplicates(alice);
            return inView(alice, "missed while away");
        });
        assertThat(heldSeqs(alice, room)).containsExactlyElementsOf(oneTo(MESSAGES + 2));
        assertThat(alice.js("return window.parley.log(arguments[0]).gaps.length", room)).isEqualTo(0L);
        twin.disconnect();
        bot.disconnect();
    }

    @Test
    void fromTheHitLatestJumpsToTheNewestAndScrollingUpClosesTheGapFromBelow() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        String room = "deeper";
        String needle = "the silver needle quixotic";
        var alice = openAtTheNeedle(room, needle, bot);
        assertThat(inView(alice, needle)).isTrue();

        alice.driver.findElement(By.id("jump-latest")).click();
        alice.waitUntil(d -> inView(alice, "message " + MESSAGES));
        alice.waitUntil(d -> {
            alice.js("document.getElementById('messages').scrollTop = 0");
            assertRowsInOrderWithoutDuplicates(alice);
            return alice.messageTexts().contains(needle);
        });
        assertThat(heldSeqs(alice, room)).containsExactlyElementsOf(oneTo(MESSAGES));
        alice.waitUntil(d -> d.findElement(By.id("messages")).getText().contains("This is the start of #" + room + "."));
        bot.disconnect();
    }
}
