package chat.parley.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct messages and private rooms between two people in two browsers. */
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

    @Test
    void aPrivateRoomIsSeenByItsInviteeButNotBySomeoneElse() {
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
        alice.waitUntil(d -> !d.findElements(By.cssSelector("#members-list .member[data-user='" + ben + "']")).isEmpty());
        alice.send("the plan is secret");
        alice.waitUntil(d -> d.findElements(By.cssSelector("#messages .msg.pending")).isEmpty());

        bob.reload();
        bob.waitConnected();
        bob.waitUntil(d -> bob.roomList().contains(room));
        bob.openRoom(room);
        bob.waitForMessage("the plan is secret");

        carol.joinRoom(room);
        carol.waitUntil(d -> room.equals(carol.activeRoom()));
        carol.waitUntil(d -> !carol.driver.findElement(By.id("messages")).getText().contains("Loading"));
        assertThat((String) carol.js("return document.getElementById('messages').textContent"))
                .doesNotContain("the plan is secret");

        bob.driver.findElement(By.id("members")).click();
        bob.waitFor(d -> bob.visible(By.id("leave-private"))).click();
        bob.waitUntil(d -> !bob.roomList().contains(room));
        alice.reload();
        alice.waitConnected();
        alice.openRoom(room);
        alice.driver.findElement(By.id("members")).click();
        alice.waitUntil(d -> d.findElements(By.cssSelector("#members-list .member[data-user='" + ben + "']")).isEmpty()
                && !d.findElements(By.cssSelector("#members-list .member")).isEmpty());
    }
}
