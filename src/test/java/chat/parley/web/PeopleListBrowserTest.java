package chat.parley.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room of thousands: the sidebar lists the first hundred people and counts the rest, instead of drawing (and sorting
 * on every digest) thousands of rows; @-completion still finds someone it leaves out. The room's list is handed to the
 * page as the server's digest would be (10,000 connections are the users benchmark's job, not this test's). Prints how
 * long the page took to take the list and a one-person change after it (docs/benchmarks.md).
 */
class PeopleListBrowserTest extends BrowserTestBase {

    /** Applies a full list of 10,000 to the open room, then a change of one; answers how long each took to draw. */
    private static final String TEN_THOUSAND = """
            const done = arguments[arguments.length - 1];
            const app = window.parley;
            const names = Array.from({ length: 10000 }, (_, i) => 'p' + String(i).padStart(5, '0')).reverse();
            const drawn = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            (async () => {
              await drawn();
              let t = performance.now();
              app.roomPresence.apply(app.active, { v: 1e9, full: true, online: names, offline: [] });
              app.renderPeople();
              await drawn();
              const list = performance.now() - t;
              t = performance.now();
              app.roomPresence.apply(app.active, { v: 1e9 + 1, online: ['p99999'], offline: ['p00000'] });
              app.renderPeople();
              await drawn();
              done({ list, change: performance.now() - t });
            })();
            """;

    @Test
    void aRoomOfTenThousandListsAHundredAndCountsTheRest() {
        String amy = unique("amy");
        var alice = browser("/#/r/stadium").join(amy);
        // the server's own list of the room first, so it does not replace the one handed over below
        alice.waitUntil(d -> Boolean.TRUE.equals(alice.js(
                "return window.parley.roomPresence.count(window.parley.active) !== null;")));

        @SuppressWarnings("unchecked")
        var took = (Map<String, Object>) alice.asyncJs(TEN_THOUSAND);
        System.out.printf("people list of 10,000: drawn in %.1f ms, a change of one after it in %.1f ms%n",
                ((Number) took.get("list")).doubleValue(), ((Number) took.get("change")).doubleValue());

        alice.waitUntil(d -> d.findElements(By.cssSelector("#people .person")).size() == 1 + 100);
        assertThat(alice.driver.findElement(By.cssSelector("#people .people-more")).getText())
                .isEqualTo("and 9,900 more online");
        assertThat(alice.driver.findElement(By.cssSelector("#people .person[data-user='p00001']"))).isNotNull();
        assertThat(alice.driver.findElements(By.cssSelector("#people .person[data-user='p00000']"))).isEmpty();

        var input = alice.driver.findElement(By.id("input"));
        input.sendKeys("hi @p09999"); // not in the list: the completion knows the whole room
        alice.waitUntil(d -> alice.visible(By.cssSelector("#mention-list li[data-user='p09999']")) != null);
        alice.screenshot("people-list-10000");
        alice.js("document.querySelector('#people .people-more').scrollIntoView();");
        alice.screenshot("people-list-10000-more");
    }
}
