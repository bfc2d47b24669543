package chat.parley.chat;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's {@code sentAt} (when a message was written, by its own clock) is kept in the stored and delivered
 * envelope when it is believable and dropped otherwise, never refused; the server's {@code ts} stays the order.
 */
class SentAtTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static void publish(Mqtt5AsyncClient client, String room, String json) {
        // a refused publish would fail the join with the PUBACK's reason code
        var ack = Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(StandardCharsets.UTF_8)).send());
        assertThat(ack.getError()).as("publish of %s", json).isEmpty();
    }

    private static JsonPath history(String room) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/api/rooms/" + room + "/messages").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_believable_sent_at_is_kept_and_ts_stays_the_servers() {
        long written = System.currentTimeMillis() - 29 * 60_000; // written offline half an hour ago
        var alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        long before = System.currentTimeMillis();
        publish(alice, "offline-written", "{\"v\":1,\"id\":\"m-sent-1\",\"type\":\"text\",\"text\":\"from the train\","
                + "\"sentAt\":" + written + "}");
        var page = history("offline-written");
        assertThat(page.getLong("messages[0].sentAt")).isEqualTo(written);
        assertThat(page.getLong("messages[0].ts")).isGreaterThanOrEqualTo(before);
    }

    @Test
    void an_unbelievable_sent_at_is_dropped_and_the_message_still_stored() {
        var bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        long now = System.currentTimeMillis();
        String[] bad = {"\"yesterday\"", "1.5e12", "-1", "0", String.valueOf(now + 3L * 24 * 3600_000),
            "99999999999999999999999", "null", "{}", "[1]", "true"};
        for (int i = 0; i < bad.length; i++) {
            publish(bob, "bad-clocks", "{\"id\":\"m-bad-" + i + "\",\"text\":\"clock " + i + "\",\"sentAt\":"
                    + bad[i] + "}");
        }
        var page = history("bad-clocks");
        assertThat(page.getList("messages.text")).hasSize(bad.length);
        assertThat(page.getList("messages.findAll { it.sentAt != null }")).isEmpty();
    }
}
