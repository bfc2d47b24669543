package chat.parley.web;

import chat.parley.Mqtt;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin page in a real browser: token, live connections, kicking one, and a moderated message disappearing. */
class AdminBrowserTest extends BrowserTestBase {

    private static String token() {
        return server.adminToken().value();
    }

    private void signIn(Browser admin, String token) {
        var input = admin.waitFor(d -> admin.visible(By.id("admin-token")));
        input.sendKeys(token);
        admin.driver.findElement(By.cssSelector("#admin-login button[type=submit]")).click();
    }

    @Test
    void a_wrong_token_is_refused_and_the_right_one_opens_the_dashboard() {
        Browser admin = browser("/#/admin");
        signIn(admin, "not-the-admin-token");
        admin.waitUntil(d -> admin.visible(By.id("admin-login-error")) != null);
        assertThat(admin.driver.findElement(By.id("admin-login-error")).getText())
                .isEqualTo("That token is not the admin token.");

        signIn(admin, token());
        admin.waitUntil(d -> admin.visible(By.cssSelector("#admin-stats [data-stat=connections]")) != null);
        assertThat(admin.driver.findElement(By.cssSelector("#admin-stats [data-stat=uptime] .label")).getText())
                .isEqualToIgnoringCase("uptime");
        admin.waitUntil(d -> !admin.driver.findElements(By.cssSelector("#admin-chart svg.chart")).isEmpty());
        admin.screenshot("admin-dashboard");
    }

    @Test
    void the_admin_sees_a_connected_client_and_kicks_it() {
        Mqtt5AsyncClient victim = Mqtt.v5(server.mqttPort(), unique("kickme"));
        String id = victim.getConfig().getClientIdentifier().orElseThrow().toString();
        Browser admin = browser("/#/admin");
        signIn(admin, token());

        By row = By.cssSelector("#admin-clients tr[data-client='" + id + "']");
        admin.waitUntil(d -> admin.visible(row) != null);
        admin.driver.findElement(row).findElement(By.cssSelector("button.kick")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> !victim.getState().isConnected());
        admin.waitUntil(d -> admin.driver.findElements(row).isEmpty());
    }

    @Test
    void a_message_the_admin_deletes_disappears_from_an_open_chat() {
        String user = unique("reader");
        Browser chat = browser("/#/r/moderated");
        chat.join(user);
        Mqtt5AsyncClient troll = Mqtt.v5(server.mqttPort(), unique("troll"));
        for (String text : new String[] {"fine message", "awful message", "another fine one"}) {
            Mqtt.join(troll.publishWith().topic("parley/rooms/moderated/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(text.getBytes()).send());
        }
        chat.waitForMessage("another fine one");
        long seq = RestAssured.given().baseUri(base).get("/api/rooms/moderated/messages").jsonPath()
                .getLong("messages.find { it.text == 'awful message' }.seq");

        RestAssured.given().baseUri(base).header("Authorization", "Bearer " + token())
                .delete("/api/admin/rooms/moderated/messages/" + seq).then().statusCode(200);

        chat.waitUntil(d -> !chat.messageTexts().contains("awful message"));
        assertThat(chat.messageTexts()).contains("fine message", "another fine one");
        chat.waitUntil(d -> chat.messageTexts().stream().anyMatch(t -> t.contains("was removed by an admin")));
        Mqtt.join(troll.disconnect());
    }

    @Test
    void deleting_a_rooms_history_empties_it_on_open_pages() {
        Browser chat = browser("/#/r/purged");
        chat.join(unique("reader"));
        Mqtt5AsyncClient bot = Mqtt.v5(server.mqttPort(), unique("bot"));
        for (String text : new String[] {"old news", "older news"}) {
            Mqtt.join(bot.publishWith().topic("parley/rooms/purged/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(text.getBytes()).send());
        }
        chat.waitForMessage("older news");

        RestAssured.given().baseUri(base).header("Authorization", "Bearer " + token())
                .delete("/api/admin/rooms/purged").then().statusCode(200);

        chat.waitUntil(d -> !chat.messageTexts().contains("old news") && !chat.messageTexts().contains("older news"));
        chat.waitUntil(d -> chat.messageTexts().stream().anyMatch(t -> t.contains("deleted the history")));
        Mqtt.join(bot.publishWith().topic("parley/rooms/purged/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("fresh start".getBytes()).send());
        chat.waitForMessage("fresh start");
        Mqtt.join(bot.disconnect());
    }
}
