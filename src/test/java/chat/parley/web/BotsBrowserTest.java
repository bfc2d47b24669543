package chat.parley.web;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bots in a real browser: the admin makes one on the admin page and sees its token once; what the bot posts over HTTP
 * shows in an open chat with a "bot" badge; an incoming webhook made on the page shows its URL once.
 */
class BotsBrowserTest extends BrowserTestBase {

    private Browser admin() {
        Browser admin = browser("/#/admin");
        admin.waitFor(d -> admin.visible(By.id("admin-token"))).sendKeys(server.adminToken().value());
        admin.driver.findElement(By.cssSelector("#admin-login button[type=submit]")).click();
        admin.waitUntil(d -> admin.visible(By.id("admin-new-bot")) != null);
        return admin;
    }

    @Test
    void a_bot_made_on_the_admin_page_posts_and_the_chat_marks_it() {
        Browser admin = admin();
        admin.driver.findElement(By.cssSelector("#admin-new-bot input[name=name]")).sendKeys("deploybot");
        admin.driver.findElement(By.cssSelector("#admin-new-bot input[name=rooms]")).sendKeys("releases");
        admin.driver.findElement(By.cssSelector("#admin-new-bot button[type=submit]")).click();
        admin.waitUntil(d -> admin.visible(By.id("admin-secret-value")) != null);
        String token = admin.driver.findElement(By.id("admin-secret-value")).getText();
        assertThat(token).startsWith("pbot_");
        admin.waitUntil(d -> admin.visible(By.cssSelector("#admin-bots tr[data-bot=deploybot]")) != null);
        assertThat(admin.driver.findElement(By.cssSelector("#admin-bots tr[data-bot=deploybot]")).getText())
                .contains("#releases");

        Browser chat = browser("/#/r/releases");
        chat.join(unique("watcher"));
        RestAssured.given().baseUri(base).header("Authorization", "Bearer " + token).body("v3.1 is out")
                .post("/api/rooms/releases/messages").then().statusCode(201);
        chat.waitForMessage("v3.1 is out");
        assertThat(chat.messageSender("v3.1 is out")).isEqualTo("deploybot");
        assertThat((Boolean) chat.js("return [...document.querySelectorAll('#messages .msg')].some(m => "
                + "m.querySelector('.from')?.textContent === 'deploybot' && m.querySelector('.bot-badge'))")).isTrue();
        chat.screenshot("bot-message");
    }

    @Test
    void an_incoming_webhook_made_on_the_admin_page_shows_its_url_once() {
        Browser admin = admin();
        admin.driver.findElement(By.cssSelector("#admin-new-hook input[name=room]")).sendKeys("alerts");
        admin.driver.findElement(By.cssSelector("#admin-new-hook input[name=bot]")).sendKeys("grafana");
        admin.driver.findElement(By.cssSelector("#admin-new-hook button[type=submit]")).click();
        admin.waitUntil(d -> admin.visible(By.id("admin-secret-value")) != null);
        String url = admin.driver.findElement(By.id("admin-secret-value")).getText();
        assertThat(url).startsWith(base + "/hooks/");
        admin.waitUntil(d -> !admin.driver.findElements(By.cssSelector("#admin-hooks tr[data-hook]")).isEmpty());
        RestAssured.given().contentType("application/json").body("{\"text\":\"from grafana\"}").post(url).then()
                .statusCode(200);
        admin.screenshot("admin-bots");
    }
}
