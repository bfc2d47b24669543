package chat.parley.http;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;

/**
 * A room's display name on the server: {@code PUT /api/rooms/{room}/name} (who may, and what a name may be), served by
 * {@code GET /api/rooms} and pushed to those who may read the room on its retained meta topic.
 */
class RoomNamesTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static ApiSessions.Claimed alice;
    static ApiSessions.Claimed bob;
    static ApiSessions.Claimed carol;

    @BeforeAll
    static void people() {
        alice = ApiSessions.claim(parley.server().httpPort(), "alice");
        bob = ApiSessions.claim(parley.server().httpPort(), "bob");
        carol = ApiSessions.claim(parley.server().httpPort(), "carol");
        as(alice).body("{\"room\":\"plans\"}").post("/api/private-rooms").then().statusCode(201);
        as(alice).body("{\"user\":\"bob\"}").post("/api/private-rooms/plans/members").then().statusCode(200);
    }

    static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType("application/json");
    }

    static RequestSpecification as(ApiSessions.Claimed who) {
        return api().auth().oauth2(who.token());
    }

    static RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + parley.server().adminToken().value());
    }

    static Mqtt5AsyncClient connect(ApiSessions.Claimed who) {
        var client = MqttClient.builder().useMqttVersion5().identifier(who.user() + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username(who.user())
                .password(who.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        return client;
    }

    static boolean names(List<Mqtt5Publish> inbox, String name) {
        return inbox.stream().anyMatch(p -> Mqtt.text(p).contains("\"name\":\"" + name + "\""));
    }

    @Test
    void a_member_names_a_private_room_and_only_members_see_the_name() {
        as(bob).body("{\"name\":\"Q3 plans 🚀\"}").put("/api/rooms/plans/name").then().statusCode(200)
                .body("room", equalTo("plans")).body("name", equalTo("Q3 plans 🚀"));
        as(alice).queryParam("rooms", "plans").get("/api/rooms").then().statusCode(200)
                .body("rooms", hasSize(1)).body("rooms[0].name", equalTo("Q3 plans 🚀"))
                .body("rooms[0].count", equalTo(0));
        as(alice).get("/api/private-rooms").then().body("rooms[0].name", equalTo("Q3 plans 🚀"))
                .body("rooms[0].owner", equalTo("alice"));

        as(carol).body("{\"name\":\"mine now\"}").put("/api/rooms/plans/name").then().statusCode(403)
                .body("error", equalTo("forbidden"));
        api().body("{\"name\":\"anonymous\"}").put("/api/rooms/plans/name").then().statusCode(401);
        as(carol).queryParam("rooms", "plans").get("/api/rooms").then().body("rooms", hasSize(0));
        api().queryParam("rooms", "plans").get("/api/rooms").then().body("rooms", hasSize(0));
        assertThat(parley.server().store().exists("plans")).isFalse();
    }

    @Test
    void anyone_signed_in_names_a_public_room_the_admin_any_room_and_null_takes_the_name_away() {
        as(carol).body("{\"name\":\"Kitchen talk\"}").put("/api/rooms/kitchen/name").then().statusCode(200);
        Mqtt.join(Mqtt.v5(parley.server().mqttPort(), "zoe").publishWith().topic("parley/rooms/kitchen/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("coffee?".getBytes()).send());
        api().queryParam("rooms", "kitchen").get("/api/rooms").then().body("rooms[0].name", equalTo("Kitchen talk"))
                .body("rooms[0].count", equalTo(1));

        admin().body("{\"name\":\"Renamed by the admin\"}").put("/api/admin/rooms/plans/name").then().statusCode(200);
        as(alice).queryParam("rooms", "plans").get("/api/rooms").then()
                .body("rooms[0].name", equalTo("Renamed by the admin"));
        as(carol).body("{\"name\":\"x\"}").put("/api/admin/rooms/kitchen/name").then().statusCode(401);

        as(alice).body("{\"name\":null}").put("/api/rooms/kitchen/name").then().statusCode(200);
        api().queryParam("rooms", "kitchen").get("/api/rooms").then().body("rooms[0].name", equalTo(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"   \"}", "{\"name\":\" padded\"}", "{\"name\":\"two\\nlines\"}",
        "{\"name\":\"bell\\u0007\"}", "{\"name\":\"\\u202Eevil\"}", "{\"name\":42}", "{\"title\":\"typo\"}",
        "[\"name\"]", "{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"})
    void a_bad_name_is_a_counted_400_that_says_why_and_changes_nothing(String body) {
        as(alice).body("{\"name\":\"Before\"}").put("/api/rooms/bad-names/name").then().statusCode(200);
        double before = badRequests();
        as(alice).body(body).put("/api/rooms/bad-names/name").then().statusCode(400)
                .body("status", equalTo(400)).body("error", equalTo("bad_request"))
                .body("message", not(emptyString()));
        assertThat(badRequests()).isEqualTo(before + 1);
        api().queryParam("rooms", "bad-names").get("/api/rooms").then().body("rooms[0].name", equalTo("Before"));
    }

    @Test
    void a_direct_conversation_takes_no_name() {
        as(alice).body("{\"name\":\"us\"}").put("/api/rooms/dm:alice:bob/name").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("direct conversation"));
    }

    @Test
    void a_rename_reaches_readers_of_the_room_at_once_and_nobody_else() {
        var bobClient = connect(bob);
        var carolClient = connect(carol);
        as(alice).body("{\"room\":\"live-plans\"}").post("/api/private-rooms").then().statusCode(201);
        as(alice).body("{\"user\":\"bob\"}").post("/api/private-rooms/live-plans/members").then().statusCode(200);
        // carol reads every listed room through a wildcard, and names the room literally where she can
        var carolWildcard = Mqtt.subscribe(carolClient, "parley/rooms/+/meta");
        var carolInbox = Mqtt.subscribe(carolClient, "parley/rooms/open-plans/meta");

        var bobInbox = Mqtt.subscribe(bobClient, "parley/rooms/live-plans/meta");
        as(alice).body("{\"name\":\"Launch\"}").put("/api/rooms/live-plans/name").then().statusCode(200);
        as(carol).body("{\"name\":\"Open launch\"}").put("/api/rooms/open-plans/name").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> names(bobInbox, "Launch") && names(carolInbox, "Open launch")
                && names(carolWildcard, "Open launch"));
        as(alice).body("{\"name\":\"Launch day\"}").put("/api/rooms/live-plans/name").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> names(bobInbox, "Launch day"));
        assertThat(carolWildcard).noneMatch(p -> p.getTopic().toString().contains("live-plans"));

        // a client that subscribes later gets the name retained
        var late = Mqtt.subscribe(connect(alice), "parley/rooms/live-plans/meta");
        await().atMost(Duration.ofSeconds(10)).until(() -> names(late, "Launch day"));
        assertThat(Mqtt.text(late.get(0))).contains("\"encrypted\":false");
        bobClient.disconnect();
        carolClient.disconnect();
    }

    private static double badRequests() {
        String text = admin().get("/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")
                        && line.contains("route=\"/api/rooms/{room}/name\"") && line.contains("status=\"400\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
