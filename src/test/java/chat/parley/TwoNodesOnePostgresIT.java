package chat.parley;

import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Two Parley servers, each with a data dir of its own, both {@code store: postgresql} on one PostgreSQL database:
 * who is signed in, claimed names and private rooms are the same on both, over REST and over MQTT. The first runs in
 * this JVM, the second is {@code parley.jar} in a process of its own (HiveMQ allows one broker per JVM).
 */
class TwoNodesOnePostgresIT {

    private static final Duration SOON = Duration.ofSeconds(10);

    private static ParleyServer one;
    private static Node two;

    /** The ports of a node, in this JVM or in a process. */
    private record Node(int httpPort, int mqttPort, AutoCloseable running) {
    }

    @BeforeAll
    static void start() throws Exception {
        StoreSettings store = PostgresServer.shared().newStore("two_nodes");
        one = ParleyServer.start(TestServer.ephemeralConfig().withStore(store));
        var process = ParleyProcess.start(Files.createTempDirectory("parley-node-two"), "--store", "postgresql",
                "--postgres-url", store.postgresUrl(), "--postgres-user", store.postgresUser());
        two = new Node(process.httpPort(), process.mqttPort(), process);
    }

    @AfterAll
    static void stop() throws Exception {
        if (two != null) {
            two.running().close();
        }
        if (one != null) {
            one.close();
        }
    }

    private static RequestSpecification api(int httpPort, String token) {
        var spec = RestAssured.given().baseUri("http://127.0.0.1").port(httpPort).contentType("application/json");
        return token == null ? spec : spec.auth().oauth2(token);
    }

    private static RequestSpecification api(ParleyServer server, String token) {
        return api(server.httpPort(), token);
    }

    private static RequestSpecification api(Node node, String token) {
        return api(node.httpPort(), token);
    }

    private static CompletableFuture<?> connect(Mqtt5AsyncClient client, String user, String password) {
        var auth = client.connectWith().simpleAuth().username(user);
        if (password != null) {
            auth.password(password.getBytes(StandardCharsets.UTF_8));
        }
        return auth.applySimpleAuth().send().orTimeout(10, TimeUnit.SECONDS);
    }

    private static Mqtt5AsyncClient client(Node node) {
        return MqttClient.builder().useMqttVersion5().identifier("node-test-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildAsync();
    }

    @Test
    void a_session_made_on_one_node_is_accepted_by_the_other_over_rest_and_mqtt() {
        ApiSessions.Claimed alice = ApiSessions.claim(one.httpPort(), "alice");

        api(two, alice.token()).get("/api/session").then().statusCode(200).body("user", equalTo("alice"));
        var withToken = client(two);
        connect(withToken, "alice", alice.token()).join();
        assertThat(withToken.getState().isConnected()).isTrue();
        withToken.disconnect().join();

        // the name is claimed on every node: the other one will not hand it out or let it in without its secret
        api(two, null).body("{\"user\":\"alice\"}").post("/api/claim").then().statusCode(409);
        assertThatThrownBy(() -> connect(client(two), "alice", null).join())
                .hasCauseInstanceOf(Mqtt5ConnAckException.class);
        assertThatThrownBy(() -> connect(client(two), "alice", "not-her-secret").join())
                .hasCauseInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isIn(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));

        // signing out on the second node ends the session on the first
        api(two, alice.token()).post("/api/logout").then().statusCode(204);
        api(one, alice.token()).get("/api/session").then().statusCode(401);
    }

    @Test
    void a_private_room_made_on_one_node_admits_its_member_and_refuses_others_on_the_other() {
        ApiSessions.Claimed owner = ApiSessions.claim(one.httpPort(), "owner");
        ApiSessions.Claimed bob = ApiSessions.claim(two.httpPort(), "bob");
        ApiSessions.Claimed carol = ApiSessions.claim(two.httpPort(), "carol");
        api(one, owner.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then().statusCode(201);
        api(one, owner.token()).body("{\"user\":\"bob\"}").post("/api/private-rooms/plans/members").then()
                .statusCode(200).body("members", equalTo(List.of("bob", "owner")));

        await().atMost(SOON).untilAsserted(() -> api(two, bob.token()).get("/api/session").then().statusCode(200)
                .body("privateRooms", equalTo(List.of("plans"))));
        var bobMqtt = client(two);
        connect(bobMqtt, "bob", bob.token()).join();
        bobMqtt.publishWith().topic("parley/rooms/plans/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hello from node two".getBytes(StandardCharsets.UTF_8)).send().join();
        api(two, bob.token()).get("/api/rooms/plans/messages").then().statusCode(200)
                .body("messages.text", hasItem("hello from node two"));
        api(one, owner.token()).get("/api/rooms/plans/messages").then().statusCode(200)
                .body("messages.text", hasItem("hello from node two"));

        api(two, carol.token()).get("/api/rooms/plans/messages").then().statusCode(403);
        api(two, carol.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then().statusCode(409);
        var carolMqtt = client(two);
        connect(carolMqtt, "carol", carol.token()).join();
        assertThatThrownBy(() -> carolMqtt.publishWith().topic("parley/rooms/plans/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("let me in".getBytes(StandardCharsets.UTF_8)).send()
                .get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5PubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));

        // removed on the first node: refused on the second
        api(one, owner.token()).delete("/api/private-rooms/plans/members/bob").then().statusCode(204);
        await().atMost(SOON).untilAsserted(() -> api(two, bob.token()).get("/api/rooms/plans/messages").then()
                .statusCode(403));
        bobMqtt.disconnect().join();
        carolMqtt.disconnect().join();
    }
}
