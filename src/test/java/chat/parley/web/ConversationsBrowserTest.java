package chat.parley.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct messages, private rooms (invitations and removals seen at once) and room names between people in browsers. */
class ConversationsBrowserTest extends BrowserTestBase {

    private static String dmKey(String a, String b) {
        return a.compareTo(b) < 0 ? "dm:" + a + ":" + b : "dm:" + b + ":" + a;
    }

    private static String dmBadge(Browser browser, String key) {
        return (String) browser.js("const b = document.querySelector('#dms .room-link[data-room=\"' + arguments[0]"
                + " + '\"] .badge'); return b ? b.textContent : ''", key);
    }

    @Test
    void aDirectMessageStartedFromTheOnlineListReachesTheOtherPersonWithAnUnreadCount() {
        String amy = unique("amy");
        String ben = unique("ben");
        var alice = browser("/#/r/lobby").join(amy);
        var bob = browser("/#/r/lobby").join(ben);
        String key = dmKey(amy, ben);

        By benInList = By.cssSelector("#people .person[data-user='" + ben + "'] .person-name");
        alice.waitUntil(d -> alice.visible(benInList) != null);
        alice.driver.findElement(benInList).click();
        alice.waitUntil(d -> ben.equals(alice.activeRoom()));
        alice.send("just between us");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        bob.waitUntil(d -> "1".equals(dmBadge(bob, key)));
        assertThat(bob.roomList()).containsExactly("lobby"); // a DM is not a room
        bob.driver.findElement(By.cssSelector("#dms .room-link[data-room='" + key + "']")).click();
        bob.waitForMessage("just between us");
        bob.send("agreed");
        alice.waitForMessage("agreed");
        assertThat(dmBadge(bob, key)).isEmpty();

        bob.reload();
        bob.waitConnected();
        bob.waitForMessage("agreed");
        assertThat(bob.messageTexts()).containsExactly("just between us", "agreed");
        bob.screenshot("dm-bob");
    }

    @Test
    void typingADmKeyInJoinOpensTheDirectMessagesNotAPublicRoom() {
        String amy = unique("amy");
        var alice = browser("/#/r/lobby").join(amy);
        String other = unique("zed");
        alice.joinRoom("dm:" + amy + ":" + other);
        String key = dmKey(amy, other);
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#dms .room-link[data-room='" + key + "']")).isEmpty());
        assertThat(alice.activeRoom()).isEqualTo(other);
        assertThat(alice.roomList()).containsExactly("lobby");
        assertThat(alice.roomList()).noneMatch(r -> r.startsWith("dm"));
    }

    private static boolean listed(Browser browser, String room) {
        return browser.roomList().contains(room);
    }

    private static By member(String user) {
        return By.cssSelector("#members-list .member[data-user='" + user + "']");
    }

    private static String toasts(Browser browser) {
        return (String) browser.js("return document.getElementById('toasts').textContent");
    }

    @Test
    void aPrivateRoomAppearsAtOnceForItsInviteeNeverForSomeoneElseAndGoesWhenSheIsRemoved() {
        String amy = unique("amy");
        String ben = unique("ben");
        String room = "plans-" + unique("p");
        var alice = browser("/#/r/lobby").join(amy);
        var bob = browser("/#/r/lobby").join(ben);
        var carol = browser("/#/r/lobby").join(unique("cat"));

        alice.driver.findElement(By.cssSelector("#private-room summary")).click();
        var name = alice.waitFor(d -> alice.visible(By.id("private-room-name")));
        name.sendKeys(room, Keys.ENTER);
        alice.waitUntil(d -> room.equals(alice.activeRoom()));
        alice.waitUntil(d -> alice.visible(By.id("members")) != null);
        alice.driver.findElement(By.id("members")).click();
        var invitee = alice.waitFor(d -> alice.visible(By.id("member-invite-name")));
        invitee.sendKeys(ben, Keys.ENTER);
        alice.waitUntil(d -> !d.findElements(member(ben)).isEmpty());
        alice.send("the plan is secret");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        // bob is online: the room shows up in his list at once, no reload, and he is told who invited him
        bob.waitUntil(d -> listed(bob, room));
        bob.waitUntil(d -> toasts(bob).contains(amy + " invited you to #" + room));
        bob.openRoom(room);
        bob.waitForMessage("the plan is secret");
        bob.send("count me in");
        alice.waitForMessage("count me in");

        // carol is online too and never sees it: not in her list, and naming it gives her nothing
        assertThat(listed(carol, room)).isFalse();
        carol.joinRoom(room);
        carol.waitUntil(d -> room.equals(carol.activeRoom()));
        carol.waitUntil(d -> !carol.driver.findElement(By.id("messages")).getText().contains("Loading"));
        assertThat((String) carol.js("return document.getElementById('messages').textContent"))
                .doesNotContain("the plan is secret").doesNotContain("count me in");

        // the owner removes bob: the room leaves his list at once, and he is told
        if (alice.visible(By.id("members-pop")) == null) {
            alice.driver.findElement(By.id("members")).click();
        }
        alice.waitFor(d -> alice.visible(By.cssSelector("#members-list .member[data-user='" + ben + "'] .remove-member")))
                .click();
        bob.waitUntil(d -> !listed(bob, room));
        bob.waitUntil(d -> toasts(bob).contains(amy + " removed you from #" + room));
        assertThat(bob.activeRoom()).isNotEqualTo(room);
        alice.waitUntil(d -> d.findElements(member(ben)).isEmpty() && !d.findElements(member(amy)).isEmpty());
        alice.send("bob is gone");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());
        bob.reload();
        bob.waitConnected();
        assertThat(listed(bob, room)).isFalse();
    }

    @Test
    void aMemberWhoLeavesInOneBrowserIsGoneFromTheOtherMembersListAtOnce() {
        String amy = unique("amy");
        String ben = unique("ben");
        String room = "club-" + unique("p");
        var alice = browser("/#/r/lobby").join(amy);
        var bob = browser("/#/r/lobby").join(ben);
        alice.driver.findElement(By.cssSelector("#private-room summary")).click();
        alice.waitFor(d -> alice.visible(By.id("private-room-name"))).sendKeys(room, Keys.ENTER);
        alice.waitUntil(d -> room.equals(alice.activeRoom()));
        alice.waitFor(d -> alice.visible(By.id("members"))).click();
        alice.waitFor(d -> alice.visible(By.id("member-invite-name"))).sendKeys(ben, Keys.ENTER);
        bob.waitUntil(d -> listed(bob, room));
        bob.openRoom(room);

        bob.waitFor(d -> bob.visible(By.id("members"))).click();
        bob.waitFor(d -> bob.visible(By.id("leave-private"))).click();
        bob.waitUntil(d -> !listed(bob, room));
        alice.waitUntil(d -> d.findElements(member(ben)).isEmpty() && !d.findElements(member(amy)).isEmpty());
    }

    @Test
    void aRoomNamedInOneBrowserIsRenamedInTheOtherAtOnceAndAfterAReload() {
        var alice = browser("/#/r/lobby").join(unique("amy"));
        alice.driver.findElement(By.id("new-room")).click(); // a random room: its id says nothing
        String room = alice.waitFor(d -> (String) alice.js("const m = /^#\\/r\\/([a-z2-7]{13})$/.exec(location.hash);"
                + " return m ? m[1] : null"));
        var bob = browser("/#/r/" + room).join(unique("ben"));
        alice.send("hello");
        bob.waitForMessage("hello");

        String title = "Launch plans · Q3 ✓"; // chromedriver types characters of the BMP only
        var name = alice.waitFor(d -> alice.visible(By.id("invite-name")));
        name.clear();
        name.sendKeys(title, Keys.ENTER);

        for (var browser : java.util.List.of(alice, bob)) {
            browser.waitUntil(d -> title.equals(browser.activeRoom()));
            browser.waitUntil(d -> title.equals(browser.js("return document.querySelector("
                    + "'#rooms .room-link[data-room=\"' + arguments[0] + '\"] .room-name').textContent", room)));
        }
        bob.reload();
        bob.waitConnected();
        bob.waitUntil(d -> title.equals(bob.activeRoom()));
    }
}
