package chat.parley.web;

import chat.parley.chat.Refusal;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser kicked or banned by an admin says so; a banned one waits for the ban to end instead of retrying. */
class AdminRemovalBrowserTest extends BrowserTestBase {

    private static void kick(String clientId, String ban) {
        RestAssured.given().baseUri(base).header("Authorization", "Bearer " + server.adminToken().value())
                .queryParams(ban == null ? java.util.Map.of() : java.util.Map.of("ban", ban))
                .delete("/api/admin/clients/" + clientId).then().statusCode(204);
    }

    /** Keeps every state and banner text the page shows: a short one may be over before a poll sees it. */
    private static void record(Browser browser) {
        browser.js("window.seen = []; const app = document.getElementById('app'),"
                + " banner = document.getElementById('banner');"
                + "new MutationObserver(() => seen.push(app.dataset.connection + '|' + banner.textContent))"
                + ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");
    }

    @SuppressWarnings("unchecked")
    private static List<String> seen(Browser browser) {
        return (List<String>) browser.js("return window.seen");
    }

    @Test
    void aKickedBrowserSaysAnAdministratorDisconnectedItAndComesBack() {
        var amy = browser("/#/r/general").join(unique("amy"));
        String clientId = amy.clientId();
        record(amy);

        kick(clientId, null);

        amy.waitUntil(d -> amy.bannerText().startsWith("Disconnected by an administrator"));
        amy.waitConnected();
        amy.send("back after the kick");
        amy.waitForMessage("back after the kick");
        amy.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());
    }

    @Test
    void aBannedBrowserShowsUntilWhenAndMakesNoAttemptBeforeTheBanEnds() {
        var ben = browser("/#/r/general").join(unique("ben"));
        String clientId = ben.clientId();
        record(ben);
        long refusedBefore = server.refusals().count(Refusal.BANNED);
        long kickedAt = System.currentTimeMillis();

        kick(clientId, "5s");

        ben.waitUntil(d -> "banned".equals(ben.connectionState()));
        assertThat(ben.bannerText()).matches("Banned until \\d{1,2}:\\d\\d.*");
        ben.waitConnected();

        assertThat(System.currentTimeMillis() - kickedAt).isGreaterThanOrEqualTo(4_500);
        // each CONNECT during the ban would have been refused (0x8A) and counted: there was none
        assertThat(server.refusals().count(Refusal.BANNED)).isEqualTo(refusedBefore);
        // and the page said banned, not reconnecting, until the ban was over
        List<String> seen = seen(ben);
        int lastBanned = seen.lastIndexOf(seen.stream().filter(s -> s.startsWith("banned|")).reduce((a, b) -> b)
                .orElseThrow());
        assertThat(seen.subList(0, lastBanned + 1)).noneMatch(s -> s.startsWith("reconnecting|"))
                .filteredOn(s -> s.startsWith("banned|")).allMatch(s -> s.startsWith("banned|Banned until "));
    }
}
