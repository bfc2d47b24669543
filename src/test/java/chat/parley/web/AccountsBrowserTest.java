package chat.parley.web;

import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The web client on an {@code auth: accounts} server: it asks for the password and keeps only the session. */
class AccountsBrowserTest {

    static ParleyServer server;
    static String base;
    final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        Browser.requireChromium();
        server = ParleyServer.start(TestServer.ephemeralConfig().withAuth(AuthMode.ACCOUNTS)
                .withAccess(new ParleyConfig.Access(true, true)));
        base = "http://127.0.0.1:" + server.httpPort();
        RestAssured.given().baseUri(base).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + server.adminToken().value())
                .body("{\"user\":\"ada\",\"password\":\"ada-password\"}").post("/api/admin/users")
                .then().statusCode(201);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private Browser browser() {
        var b = Browser.open(base, "/");
        browsers.add(b);
        return b;
    }

    private static void signIn(Browser b, String user, String password, boolean create) {
        var name = b.waitFor(d -> b.visible(By.id("join-name")));
        name.clear();
        name.sendKeys(user);
        b.visible(By.id("join-password")).sendKeys(password);
        if (create) {
            b.visible(By.id("join-signup")).click();
        }
        b.visible(By.id("join-button")).click();
    }

    @Test
    void signs_in_with_a_password_chats_and_stays_signed_in_after_a_reload() {
        var b = browser();
        signIn(b, "ada", "not-her-password", false);
        b.waitUntil(d -> b.visible(By.id("join-error")) != null
                && b.visible(By.id("join-error")).getText().contains("wrong user name or password"));

        signIn(b, "ada", "ada-password", false);
        b.waitConnected();
        b.send("hello with an account");
        b.waitForMessage("hello with an account");
        assertThat(b.messageSender("hello with an account")).isEqualTo("ada");
        String kept = (String) b.js("return JSON.stringify(localStorage)");
        assertThat(kept).doesNotContain("ada-password");

        b.reload();
        b.waitConnected();
        b.waitForMessage("hello with an account");
    }

    @Test
    void a_new_user_creates_an_account_when_self_signup_is_on() {
        var b = browser();
        signIn(b, "newcomer", "newcomer-password", true);
        b.waitConnected();
        b.send("first words");
        b.waitForMessage("first words");
    }

    @Test
    void the_admin_page_adds_an_account_that_can_sign_in_and_removes_it() {
        var admin = Browser.open(base, "/#/admin");
        browsers.add(admin);
        admin.waitFor(d -> admin.visible(By.id("admin-token"))).sendKeys(server.adminToken().value());
        admin.driver.findElement(By.cssSelector("#admin-login button[type=submit]")).click();
        admin.waitFor(d -> admin.visible(By.id("admin-new-user"))).sendKeys("grace");
        admin.visible(By.id("admin-new-password")).sendKeys("grace-password");
        admin.driver.findElement(By.cssSelector("#admin-new-account button[type=submit]")).click();
        By row = By.cssSelector("#admin-users tr[data-user='grace']");
        admin.waitUntil(d -> admin.visible(row) != null);
        assertThat(admin.visible(By.id("admin-new-password")).getAttribute("value")).isEmpty();
        admin.screenshot("admin-accounts");

        var grace = browser();
        signIn(grace, "grace", "grace-password", false);
        grace.waitConnected();

        // The table is redrawn every 2 s: find the button afresh for each click (a destructive one asks "Sure?").
        admin.waitFor(d -> {
            d.findElement(row).findElement(By.cssSelector("button.danger")).click();
            return true;
        });
        admin.waitFor(d -> "Sure?".equals(d.findElement(row).findElement(By.cssSelector("button.danger")).getText()));
        admin.waitFor(d -> {
            d.findElement(row).findElement(By.cssSelector("button.danger")).click();
            return true;
        });
        admin.waitUntil(d -> admin.driver.findElements(row).isEmpty());
        RestAssured.given().baseUri(base).contentType(ContentType.JSON)
                .body("{\"user\":\"grace\",\"password\":\"grace-password\"}").post("/api/login")
                .then().statusCode(401);
    }

    @Test
    void a_refresh_answered_after_the_first_click_keeps_the_remove_button_armed() {
        RestAssured.given().baseUri(base).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + server.adminToken().value())
                .body("{\"user\":\"linus\",\"password\":\"linus-password\"}").post("/api/admin/users")
                .then().statusCode(201);
        var admin = Browser.open(base, "/#/admin");
        browsers.add(admin);
        admin.waitFor(d -> admin.visible(By.id("admin-token"))).sendKeys(server.adminToken().value());
        admin.driver.findElement(By.cssSelector("#admin-login button[type=submit]")).click();
        By button = By.cssSelector("#admin-users tr[data-user='linus'] button.danger");
        admin.waitFor(d -> admin.visible(button));

        // Hold every answer the page asks for until the test lets it through, then wait for a periodic refresh to be on
        // its way; the first click arms the button while that refresh waits for its answers.
        admin.js("window.heldAnswers = []; window.holding = true; window.fetchNow = window.fetch;"
                + "window.fetch = (...a) => !window.holding ? window.fetchNow(...a) : window.fetchNow(...a).then((r) => new Promise((go) => window.heldAnswers.push(() => go(r))));");
        admin.waitUntil(d -> (Boolean) admin.js("return window.heldAnswers.length > 0"));
        admin.driver.findElement(button).click();
        assertThat(admin.driver.findElement(button).getText()).isEqualTo("Sure?");

        // Let the refresh finish (its answers now, the ones it asks for next at once): it must not draw the table again
        // and forget the first click.
        admin.js("window.holding = false; window.heldAnswers.splice(0).forEach((go) => go());");
        admin.waitUntil(d -> (Boolean) admin.js("return !document.querySelector('.admin-body[aria-busy]')"));
        assertThat(admin.driver.findElement(button).getText()).isEqualTo("Sure?");
        admin.driver.findElement(button).click();
        admin.waitUntil(d -> admin.driver.findElements(By.cssSelector("#admin-users tr[data-user='linus']")).isEmpty());
    }
}
