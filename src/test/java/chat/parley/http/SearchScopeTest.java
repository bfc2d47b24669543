package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Search never finds an unlisted room for someone who does not name it, and others' DMs never use up a page. */
class SearchScopeTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static final String UNLISTED = "q2w3e4r5t6y7u"; // a random id as the clients make them
    private static Mqtt5AsyncClient alice;

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static void publish(String topic, String text) {
        Mqtt.join(alice.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @BeforeAll
    static void messages() {
        alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        publish("parley/rooms/" + UNLISTED + "/messages", "zebra crossing plans");
        publish("parley/rooms/lobby/messages", "zebra in the lobby");
        for (int i = 0; i < 30; i++) {
            publish("parley/dm/alice/bob/messages", "zebra secret " + i);
        }
    }

    @AfterAll
    static void close() {
        alice.disconnect();
    }

    private static List<String> rooms(RequestSpecification request) {
        return request.get("/api/search").then().statusCode(200).extract().jsonPath().getList("results.room");
    }

    @Test
    void an_unlisted_room_is_found_only_by_those_who_name_it() {
        assertThat(rooms(api().queryParam("q", "zebra"))).containsExactly("lobby");
        assertThat(rooms(api().queryParam("q", "zebra").queryParam("rooms", "lobby," + UNLISTED)))
                .containsExactlyInAnyOrder("lobby", UNLISTED);
        assertThat(rooms(api().queryParam("q", "crossing").queryParam("room", UNLISTED))).containsExactly(UNLISTED);
    }

    @Test
    void other_peoples_direct_messages_do_not_use_up_the_page() {
        String token = chat.parley.ApiSessions.claim(parley.server().httpPort(), "carol").token();
        // signed in as carol: 30 of alice and bob's DMs match as well, and a page of 1 must still bring the lobby
        assertThat(rooms(api().auth().oauth2(token).queryParam("q", "zebra").queryParam("limit", "1")))
                .containsExactly("lobby");
    }
}
