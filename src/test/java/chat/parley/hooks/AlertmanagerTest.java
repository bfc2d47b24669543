package chat.parley.hooks;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Alertmanager whose Slack receiver's {@code api_url} is a Parley incoming webhook: an alert posted to
 * Alertmanager's API shows up in the room, from the hook's bot, with no code in between.
 */
class AlertmanagerTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @Test
    void an_alert_fired_in_alertmanager_appears_in_the_room(@TempDir Path dir) throws Exception {
        var admin = new AdminApi(parley.server());
        String hook = admin.hook("alerts", "alertmanager");
        try (var alertmanager = Alertmanager.start(dir, hook)) {
            RestAssured.given().contentType(ContentType.JSON)
                    .body("[{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"node-3\",\"severity\":\"critical\"},"
                            + "\"annotations\":{\"summary\":\"/var is 97% full\"}}]")
                    .post(alertmanager.url() + "/api/v2/alerts").then().statusCode(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> texts = admin.api().get("/api/rooms/alerts/messages").then().statusCode(200)
                        .extract().jsonPath().getList("messages.findAll { it.from == 'alertmanager' }.text");
                assertThat(texts).anySatisfy(text -> assertThat(text).contains("[FIRING:1] DiskFull")
                        .contains("/#/alerts?receiver=parley"));
            });
        }
        admin.api().get("/api/rooms/alerts/messages").then().statusCode(200)
                .body("messages[0].bot", org.hamcrest.Matchers.equalTo(true));
    }
}
