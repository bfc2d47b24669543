package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the message list copes with a burst: with 1,000 messages loaded, 40 arriving at once must not freeze the page.
 * Long tasks (over 50 ms) are counted with a PerformanceObserver; the figure is printed for docs/benchmarks.md.
 *
 * <p>The list is windowed, so what a burst does to the page is checked exactly: each message adds one row (no other
 * row is drawn again) and the page holds at most 160 rows, whatever is loaded. Time is checked at two strengths. In the
 * suite, where another test JVM shares the 2 cores, the renderer can wait for a core longer than it works (frames with
 * no script at all took up to 150 ms here with the machine loaded), so only a freeze fails it: no task over
 * {@value #SUITE_LIMIT_MS} ms (237 ms was the worst seen with ten runnable processes per core). Alone on an idle machine
 * ({@code -Dparley.strictLongTasks=true}), the target: no long task at all in {@value #BURSTS} bursts.
 */
class ListPerformanceBrowserTest extends BrowserTestBase {

    /** The most rows the windowed list keeps in the page (web/src/listwindow.js MAX_ROWS). */
    private static final int MAX_ROWS = 160;
    private static final boolean STRICT = Boolean.getBoolean("parley.strictLongTasks");
    private static final int BURSTS = 3;
    private static final double SUITE_LIMIT_MS = 300;

    private static void publishAll(Mqtt5AsyncClient bot, String text, int n) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            sent.add(bot.publishWith().topic("parley/rooms/burst/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload((text + i).getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static int held(Browser browser) {
        return ((Number) browser.js("return window.parley.log('burst').items.length")).intValue();
    }

    private static int rowsInPage(Browser browser) {
        return ((Number) browser.js("return document.querySelectorAll('#messages .msg').length")).intValue();
    }

    @Test
    void aBurstOfFortyMessagesWithAThousandLoadedMakesNoLongTask() {
        var bot = Mqtt.v5(server.mqttPort(), "bot");
        publishAll(bot, "earlier message number ", 1000);
        var amy = browser("/#/r/burst").join(unique("amy"));
        amy.waitForMessage("earlier message number 1000");
        // the 950 before the latest page, as if scrolled back through history: taken in as one page
        amy.js("return (async () => { const page = async (b) => (await (await fetch('/api/rooms/burst/messages?limit=500&before=' + b)).json()).messages;"
                + " const older = [...await page(451), ...await page(951)]; window.parley.receive('burst', older, {live: false}); })()");
        amy.waitUntil(d -> held(amy) == 1000);
        amy.js("return new Promise(r => setTimeout(r, 1000))"); // the page settles
        // every long task, and for each long animation frame the scripts that ran in it (to say where time went)
        amy.js("window.longTasks = []; new PerformanceObserver(l => l.getEntries().forEach(e => longTasks.push(e.duration)))"
                + ".observe({type: 'longtask'});"
                + "window.loafs = []; new PerformanceObserver(l => l.getEntries().forEach(e => loafs.push({ms: Math.round(e.duration),"
                + " layout: Math.round(e.startTime + e.duration - e.styleAndLayoutStart),"
                + " scripts: e.scripts.map(s => (s.sourceFunctionName || s.invoker) + ' ' + Math.round(s.duration) + ' ms ' + s.invoker + ' forced ' + Math.round(s.forcedStyleAndLayoutDuration))})))"
                + ".observe({type: 'long-animation-frame'});");

        // how long each draw of the list takes (script and the layout it forces), for the figure
        amy.js("window.draws = []; const app = window.parley, draw = app.renderMessages.bind(app);"
                + "app.renderMessages = () => { const t = performance.now(); draw(); draws.push(performance.now() - t); };");
        // and every row put in the page or taken out of it
        amy.js("window.rows = {added: 0, removed: 0}; const isRow = n => n.classList && n.classList.contains('msg');"
                + "new MutationObserver(rs => rs.forEach(r => { rows.added += [...r.addedNodes].filter(isRow).length;"
                + " rows.removed += [...r.removedNodes].filter(isRow).length; }))"
                + ".observe(document.getElementById('messages'), {childList: true, subtree: true});");

        List<Double> longest = new ArrayList<>();
        int tasks = 0;
        for (int burst = 1; burst <= BURSTS; burst++) {
            amy.js("window.longTasks.length = 0; window.rows.added = 0; window.rows.removed = 0");
            publishAll(bot, "burst " + burst + " message ", 40);
            amy.waitForMessage("burst " + burst + " message 40");
            amy.js("return new Promise(r => setTimeout(r, 500))"); // the last frame is drawn
            @SuppressWarnings("unchecked")
            List<Number> seen = (List<Number>) amy.js("return window.longTasks");
            tasks += seen.size();
            longest.add(seen.stream().mapToDouble(Number::doubleValue).max().orElse(0));
            // one new row per message, and as many old ones out at the top: no row of the list is drawn again
            assertThat(amy.js("return window.rows.added")).as("rows added in burst %d", burst).isEqualTo(40L);
            assertThat(((Number) amy.js("return window.rows.removed")).intValue()).isLessThanOrEqualTo(40);
        }
        double worst = longest.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf("burst of 40 with 1000 loaded (%d bursts%s): %d long tasks, longest per burst %s ms%n",
                BURSTS, STRICT ? ", strict" : "", tasks, longest.stream().map(d -> String.format("%.0f", d)).toList());
        System.out.println("  draws of the list: " + amy.js("const d = [...window.draws].sort((a, b) => a - b);"
                + " return d.length + ', median ' + d[d.length >> 1].toFixed(1) + ' ms, longest ' + d[d.length - 1].toFixed(1) + ' ms'"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> frames = (List<Map<String, Object>>) amy.js("return window.loafs");
        frames.forEach(f -> System.out.println("  long animation frame: " + f));

        assertThat(held(amy)).isEqualTo(1000 + 40 * BURSTS);
        assertThat(rowsInPage(amy)).isBetween(40, MAX_ROWS); // the newest, not the whole log
        if (STRICT) {
            assertThat(worst).as("longest task (none over 50 ms is none at all)").isZero();
        } else {
            assertThat(worst).as("longest task, with another JVM on the same cores").isLessThan(SUITE_LIMIT_MS);
        }
        bot.disconnect();
    }
}
