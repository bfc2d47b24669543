package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Admin moderation: a deleted message is a tombstone in history, gone from search and export, and live clients get a
 * delete event.
 */
class ModerationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + parley.server().adminToken().value());
    }

    private static void say(Mqtt5AsyncClient client, String room, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes()).send());
    }

    private static JsonNode json(Mqtt5Publish publish) throws Exception {
        return JSON.readTree(publish.getPayloadAsBytes());
    }

    @Test
    void deleting_a_message_removes_it_everywhere_and_tells_live_clients() throws Exception {
        Mqtt5AsyncClient rita = Mqtt.v5(parley.server().mqttPort(), "rita");
        Mqtt5AsyncClient watcher = Mqtt.v5(parley.server().mqttPort(), "walt");
        List<Mqtt5Publish> seen = Mqtt.subscribe(watcher, "parley/rooms/modroom/messages");
        say(rita, "modroom", "hello everyone");
        say(rita, "modroom", "spamword buy now");
        say(rita, "modroom", "sorry about that");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
        api().get("/api/search?q=spamword").then().body("results.message.text", hasItem("spamword buy now"));

        String spamId = json(seen.get(1)).path("id").asText();
        admin().delete("/api/admin/rooms/modroom/messages/2").then().statusCode(200)
                .body("deleted", equalTo(2))
                .body("event.type", equalTo("delete"))
                .body("event.target", equalTo(spamId))
                .body("event.from", equalTo("parley"))
                .body("notice.type", equalTo("system"))
                .body("notice.deletes", equalTo(2));

        // Live clients get the same delete event an author's own deletion makes, in the room's seq stream.
        // (then the system notice clients that predate events drop it on)
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5);
        JsonNode event = json(seen.get(3));
        assertThat(event.path("type").asText()).isEqualTo("delete");
        assertThat(event.path("target").asText()).isEqualTo(spamId);
        assertThat(event.path("seq").asLong()).isEqualTo(4);
        JsonNode notice = json(seen.get(4));
        assertThat(notice.path("type").asText()).isEqualTo("system");
        assertThat(notice.path("deletes").asLong()).isEqualTo(2);
        assertThat(notice.path("text").asText()).isEqualTo("A message from rita was removed by an admin.");

        // History keeps a tombstone at seq 2: who and when, no text.
        api().get("/api/rooms/modroom/messages").then().statusCode(200)
                .body("messages.seq", equalTo(List.of(1, 2, 3, 4, 5)))
                .body("messages[1].deleted", equalTo(true))
                .body("messages[1].from", equalTo("rita"))
                .body("messages.text", not(hasItem("spamword buy now")));
        api().get("/api/search?q=spamword").then().statusCode(200).body("results", equalTo(List.of()));
        String export = api().get("/api/rooms/modroom/export?format=markdown").then().statusCode(200)
                .extract().asString();
        assertThat(export).contains("hello everyone", "sorry about that").doesNotContain("spamword");

        admin().delete("/api/admin/rooms/modroom/messages/2").then().statusCode(404)
                .body("message", equalTo("room 'modroom' has no message with seq 2"));
        Mqtt.join(rita.disconnect());
        Mqtt.join(watcher.disconnect());
    }

    @Test
    void rooms_are_listed_with_counts_and_can_be_deleted_with_their_history() {
        Mqtt5AsyncClient sam = Mqtt.v5(parley.server().mqttPort(), "sam");
        say(sam, "doomed", "one");
        say(sam, "doomed", "two");
        say(sam, "kept", "three");
        Mqtt.join(sam.publishWith().topic("parley/dm/sam/tina/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("private".getBytes()).send());

        List<Map<String, Object>> rooms = admin().get("/api/admin/rooms").then().statusCode(200)
                .extract().jsonPath().getList("rooms");
        assertThat(rooms).anySatisfy(r -> assertThat(r).containsEntry("room", "doomed").containsEntry("count", 2)
                .containsEntry("kind", "room").containsEntry("lastSeq", 2));
        assertThat(rooms).anySatisfy(r -> assertThat(r).containsEntry("room", "dm:sam:tina")
                .containsEntry("kind", "dm").containsEntry("count", 1));

        admin().delete("/api/admin/rooms/doomed").then().statusCode(200).body("deleted", equalTo(2));

        api().get("/api/rooms/doomed/messages").then().statusCode(200).body("messages", equalTo(List.of()));
        assertThat(admin().get("/api/admin/rooms").jsonPath().getList("rooms.room")).doesNotContain("doomed")
                .contains("kept");
        // the seq counter survives, so clients that caught up before never mistake a new message for an old one
        say(sam, "doomed", "again");
        api().get("/api/rooms/doomed/messages").then().body("messages.seq", equalTo(List.of(3)));
        Mqtt.join(sam.disconnect());
    }

    @Test
    void bad_moderation_requests_get_clear_errors() {
        admin().delete("/api/admin/rooms/never-used").then().statusCode(404)
                .body("message", equalTo("room 'never-used' has no history"));
        admin().delete("/api/admin/rooms/Bad Room").then().statusCode(400).body("error", equalTo("bad_request"));
        admin().delete("/api/admin/rooms/general/messages/zero").then().statusCode(400)
                .body("message", equalTo("seq must be a message seq (a whole number, 1 or more), got 'zero'"));
        admin().delete("/api/admin/rooms/general/messages/0").then().statusCode(400);
        api().get("/api/admin/rooms").then().statusCode(401);
        api().delete("/api/admin/rooms/general").then().statusCode(401);
        api().delete("/api/admin/rooms/general/messages/1").then().statusCode(401);
    }
}
