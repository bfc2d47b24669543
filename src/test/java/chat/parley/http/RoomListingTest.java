package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A room its creator marks unlisted before its first message is reachable only by those who name it. */
class RoomListingTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static String aliceSecret;
    private static String aliceToken;
    private static String bobToken;

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType(ContentType.JSON);
    }

    private static String session(String user) {
        var claimed = chat.parley.ApiSessions.claim(parley.server().httpPort(), user);
        if (user.equals("alice")) {
            aliceSecret = claimed.secret();
        }
        return claimed.token();
    }

    @BeforeAll
    static void sessions() {
        aliceToken = session("alice");
        bobToken = session("bob");
    }

    @Test
    void a_marked_room_reaches_only_those_who_name_it() {
        api().auth().oauth2(aliceToken).body("{\"unlisted\":true}").put("/api/rooms/hideout/listing")
                .then().statusCode(200).body("unlisted", equalTo(true)).body("why", equalTo("marked"));
        var snoop = Mqtt.v5(parley.server().mqttPort(), null);
        var snooped = Mqtt.subscribe(snoop, "parley/rooms/+/messages");
        var alice = Mqtt.v5(parley.server().mqttPort(), null);
        alice.disconnect();
        var poster = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("alice-listing")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(poster.connectWith().simpleAuth().username("alice")
                .password(aliceSecret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        for (String room : List.of("hideout", "plaza")) {
            Mqtt.join(poster.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("walrus in the " + room).getBytes(StandardCharsets.UTF_8)).send());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> snooped.stream().anyMatch(p -> Mqtt.text(p).contains("plaza")));
        assertThat(snooped).noneSatisfy(p -> assertThat(Mqtt.text(p)).contains("hideout"));

        List<String> found = api().queryParam("q", "walrus").get("/api/search").then().statusCode(200)
                .extract().jsonPath().getList("results.room");
        assertThat(found).containsExactly("plaza");
        List<String> named = api().queryParam("q", "walrus").queryParam("rooms", "hideout").get("/api/search")
                .then().statusCode(200).extract().jsonPath().getList("results.room");
        assertThat(named).containsExactlyInAnyOrder("hideout", "plaza");
        snoop.disconnect();
        poster.disconnect();
    }

    @Test
    void only_its_creator_changes_it_and_a_room_with_messages_cannot_be_hidden_after_the_fact() {
        api().auth().oauth2(aliceToken).body("{\"unlisted\":true}").put("/api/rooms/den/listing")
                .then().statusCode(200);
        api().auth().oauth2(bobToken).body("{\"unlisted\":false}").put("/api/rooms/den/listing")
                .then().statusCode(403);
        api().body("{\"unlisted\":false}").put("/api/rooms/den/listing").then().statusCode(401);
        api().auth().oauth2(aliceToken).body("{\"unlisted\":false}").put("/api/rooms/den/listing")
                .then().statusCode(200).body("unlisted", equalTo(false)).body("why", equalTo("listed"));

        var bob = Mqtt.v5(parley.server().mqttPort(), "carol");
        Mqtt.join(bob.publishWith().topic("parley/rooms/busy/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hello".getBytes(StandardCharsets.UTF_8)).send());
        api().auth().oauth2(bobToken).body("{\"unlisted\":true}").put("/api/rooms/busy/listing")
                .then().statusCode(409).body("error", equalTo("room_has_messages"));
        bob.disconnect();
        api().get("/api/rooms/q2w3e4r5t6y7u/listing").then().statusCode(200).body("why", equalTo("random-id"));
    }
}
