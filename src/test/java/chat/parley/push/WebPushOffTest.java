package chat.parley.push;

import chat.parley.ApiSessions;
import chat.parley.config.PushSettings;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** {@code web-push: false}: no key is made or served, and no subscription is kept. */
class WebPushOffTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withPush(new PushSettings(false, "mailto:ops@example.com", List.of("127.0.0.1"))));

    @Test
    void the_key_route_and_subscriptions_answer_that_push_is_off_and_no_key_is_made() throws Exception {
        int port = parley.server().httpPort();
        RestAssured.given().port(port).get("/api/push/key").then().statusCode(404)
                .body("message", containsString("web-push: false"));
        var who = ApiSessions.claim(port, "pat");
        var browser = new BrowserSubscription("https://127.0.0.1/push/pat");
        RestAssured.given().port(port).contentType("application/json").auth().oauth2(who.token())
                .body(browser.toJson()).post("/api/push/subscriptions").then().statusCode(404);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + parley.server().config().dataDir().resolve("parley.db"));
             var rows = db.createStatement().executeQuery("SELECT count(*) FROM push_keys")) {
            assertThat(rows.getLong(1)).as("no key pair made").isZero();
        }
    }
}
