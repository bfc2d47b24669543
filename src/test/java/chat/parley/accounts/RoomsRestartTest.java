package chat.parley.accounts;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Room names and private rooms (owner, members, even none left) are the same after a restart. */
class RoomsRestartTest {

    private static RequestSpecification as(ParleyServer server, String token) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).contentType("application/json")
                .auth().oauth2(token);
    }

    @Test
    void names_owners_and_a_private_room_nobody_is_left_in_survive_a_restart() {
        var config = TestServer.ephemeralConfig();
        ApiSessions.Claimed alice;
        ApiSessions.Claimed carol;
        try (ParleyServer first = ParleyServer.start(config)) {
            alice = ApiSessions.claim(first.httpPort(), "alice");
            carol = ApiSessions.claim(first.httpPort(), "carol");
            as(first, alice.token()).body("{\"name\":\"Kept name\"}").put("/api/rooms/k7x2m9q4w8r5t/name").then()
                    .statusCode(200);
            as(first, alice.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then().statusCode(201);
            as(first, alice.token()).body("{\"room\":\"abandoned\"}").post("/api/private-rooms").then()
                    .statusCode(201);
            var aliceMqtt = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("alice-restart")
                    .serverHost("127.0.0.1").serverPort(first.mqttPort()).buildAsync();
            Mqtt.join(aliceMqtt.connectWith().simpleAuth().username("alice")
                    .password(alice.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
            Mqtt.join(aliceMqtt.publishWith().topic("parley/rooms/abandoned/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("the last word".getBytes()).send());
            as(first, alice.token()).delete("/api/private-rooms/abandoned/members/alice").then().statusCode(204);
        }
        try (ParleyServer second = ParleyServer.start(config)) {
            as(second, alice.token()).get("/api/private-rooms").then().statusCode(200)
                    .body("rooms[0].room", equalTo("plans")).body("rooms[0].owner", equalTo("alice"));
            as(second, carol.token()).get("/api/rooms/abandoned/messages").then().statusCode(403);
            as(second, carol.token()).body("{\"room\":\"abandoned\"}").post("/api/private-rooms").then()
                    .statusCode(409);
            var inbox = Mqtt.subscribe(Mqtt.v5(second.mqttPort(), "late"), "parley/rooms/k7x2m9q4w8r5t/meta");
            await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
            assertThat(inbox.get(0).isRetain()).isTrue();
            assertThat(Mqtt.text(inbox.get(0))).contains("\"name\":\"Kept name\"");
        }
    }
}
