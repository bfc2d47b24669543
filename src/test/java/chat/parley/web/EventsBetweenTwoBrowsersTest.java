package chat.parley.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies, reactions, edits and deletions made by one person in one browser and seen by another person in another,
 * through the real server: every click is a real publish, every change on the other side a real delivery.
 */
class EventsBetweenTwoBrowsersTest extends BrowserTestBase {

    /** The id of the (last) message with this text in the open room, once it is stamped. */
    private static String idOf(Browser browser, String text) {
        return browser.waitFor(d -> (String) browser.js("const m = [...document.querySelectorAll('#messages .msg')]"
                + ".filter(e => e.querySelector('.text') && e.querySelector('.text').textContent === arguments[0]"
                + " && !e.classList.contains('pending')).pop(); return m && m.dataset.id ? m.dataset.id : null", text));
    }

    private static By row(String id) {
        return By.cssSelector("#messages .msg[data-id='" + id + "']");
    }

    /**
     * Shows a message's actions as a person would (the pointer over it; a tap where there is no hover, as in headless
     * Chromium) and clicks one of them: reply, react, edit or delete.
     */
    private static void act(Browser browser, String id, String action) {
        WebElement bubble = browser.driver.findElement(By.cssSelector("#messages .msg[data-id='" + id + "'] .bubble"));
        new Actions(browser.driver).moveToElement(bubble).click().perform();
        WebElement button = browser.waitFor(d -> browser.visible(By.cssSelector("#messages .msg[data-id='" + id
                + "'] .act-" + action)));
        button.click();
    }

    /** The reaction chip of a message: "👍 2" and who reacted (its title), or null when there is none. */
    private static List<String> reaction(Browser browser, String id, String emoji) {
        var chips = browser.driver.findElements(By.cssSelector("#messages .msg[data-id='" + id
                + "'] .reaction[data-emoji='" + emoji + "']"));
        return chips.isEmpty() ? null : List.of(chips.get(0).getText(), chips.get(0).getAttribute("title"));
    }

    private static void sendAndWait(Browser browser, String text) {
        browser.send(text);
        idOf(browser, text);
    }

    @Test
    void aReplyInOneBrowserShowsInTheThreadViewOfTheOther() {
        String room = "thread-" + unique("r");
        String amyName = unique("amy");
        String benName = unique("ben");
        var amy = browser("/#/r/" + room).join(amyName);
        var ben = browser("/#/r/" + room).join(benName);
        sendAndWait(amy, "Who reviews the retry change?");
        String question = idOf(ben, "Who reviews the retry change?");

        act(ben, question, "reply");
        ben.send("I will, after lunch");
        amy.waitForMessage("I will, after lunch");
        String reply = idOf(amy, "I will, after lunch");
        assertThat(amy.driver.findElement(By.cssSelector("#messages .msg[data-id='" + reply + "'] .reply-quote"))
                .getText()).startsWith("↪ " + amyName + ": Who reviews");

        amy.waitUntil(d -> amy.visible(By.cssSelector("#messages .msg[data-id='" + question + "'] .replies")) != null);
        WebElement replies = amy.driver.findElement(By.cssSelector("#messages .msg[data-id='" + question + "'] .replies"));
        assertThat(replies.getText()).isEqualTo("1 reply");
        replies.click();
        amy.waitUntil(d -> amy.visible(By.id("thread")) != null);
        assertThat(amy.driver.findElements(By.cssSelector("#thread .thread-msg")))
                .extracting(WebElement::getText)
                .satisfiesExactly(root -> assertThat(root).contains("Who reviews the retry change?"),
                        answer -> assertThat(answer).contains(benName).contains("I will, after lunch"));
    }

    @Test
    void aReactionAndItsRemovalShowCountsAndWhoReactedOnBothSides() {
        String room = "react-" + unique("r");
        String amyName = unique("amy");
        String benName = unique("ben");
        var amy = browser("/#/r/" + room).join(amyName);
        var ben = browser("/#/r/" + room).join(benName);
        sendAndWait(amy, "Ship it on Friday?");
        String id = idOf(ben, "Ship it on Friday?");

        act(ben, id, "react");
        ben.waitFor(d -> ben.visible(By.cssSelector("#reaction-picker button[data-emoji='👍']"))).click();
        for (var browser : List.of(amy, ben)) {
            browser.waitUntil(d -> List.of("👍 1", benName).equals(reaction(browser, id, "👍")));
        }

        amy.driver.findElement(By.cssSelector("#messages .msg[data-id='" + id + "'] .reaction[data-emoji='👍']"))
                .click(); // the chip adds my own reaction too
        for (var browser : List.of(amy, ben)) {
            browser.waitUntil(d -> List.of("👍 2", benName + ", " + amyName).equals(reaction(browser, id, "👍")));
        }

        ben.driver.findElement(By.cssSelector("#messages .msg[data-id='" + id + "'] .reaction.mine")).click();
        for (var browser : List.of(amy, ben)) {
            browser.waitUntil(d -> List.of("👍 1", amyName).equals(reaction(browser, id, "👍")));
        }
        ben.reload();
        ben.waitConnected();
        ben.waitForMessage("Ship it on Friday?");
        ben.waitUntil(d -> List.of("👍 1", amyName).equals(reaction(ben, id, "👍")));
    }

    @Test
    void anEditAndADeleteAreSeenLiveAndAfterAReloadByTheOtherPerson() {
        String room = "edit-" + unique("r");
        var amy = browser("/#/r/" + room).join(unique("amy"));
        var ben = browser("/#/r/" + room).join(unique("ben"));
        sendAndWait(amy, "The meeting is at 3");
        sendAndWait(amy, "My phone number is 555-0100");
        String edited = idOf(ben, "The meeting is at 3");
        String deleted = idOf(ben, "My phone number is 555-0100");

        act(amy, edited, "edit");
        WebElement input = amy.waitFor(d -> amy.visible(By.id("input")));
        amy.waitUntil(d -> "The meeting is at 3".equals(input.getAttribute("value")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys("The meeting is at 4", Keys.ENTER);
        act(amy, deleted, "delete");
        amy.waitFor(d -> d.switchTo().alert()).accept();

        ben.waitUntil(d -> ben.messageTexts().contains("The meeting is at 4")
                && ben.messageTexts().contains("This message was deleted."));
        assertShownAfterEvents(ben, edited, deleted);

        ben.reload();
        ben.waitConnected();
        ben.waitUntil(d -> ben.messageTexts().contains("The meeting is at 4"));
        assertShownAfterEvents(ben, edited, deleted);
    }

    private static void assertShownAfterEvents(Browser ben, String edited, String deleted) {
        assertThat(ben.messageTexts()).doesNotContain("The meeting is at 3", "My phone number is 555-0100");
        assertThat(ben.driver.findElement(By.cssSelector("#messages .msg[data-id='" + edited + "'] .edited"))
                .getText()).contains("(edited)");
        assertThat(ben.driver.findElement(row(deleted)).getAttribute("class")).contains("deleted");
        assertThat((String) ben.js("return document.getElementById('messages').textContent")).doesNotContain("555-0100");
    }
}
