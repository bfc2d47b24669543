package chat.parley.extension;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.config.ParleyConfig;
import chat.parley.config.PushSettings;
import chat.parley.push.BrowserSubscription;
import chat.parley.push.TestPushService;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code parley-extension.zip} in a HiveMQ broker Parley does not start ({@link HiveMQProcess}): the chat rules are
 * enforced, the envelope stamped and the message stored before the PUBACK.
 */
class HiveMQExtensionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HiveMQProcess broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void the_chat_rules_run_in_a_hivemq_broker_from_the_zip() throws Exception {
        Path data = dir.resolve("parley-data");
        // What only Parley's web side makes (claimed names, a private room) is made by a Parley server first.
        ApiSessions.Claimed alice;
        ApiSessions.Claimed carol;
        try (var parley = ParleyServer.start(ParleyConfig.ephemeral(data))) {
            alice = ApiSessions.claim(parley.httpPort(), "alice");
            carol = ApiSessions.claim(parley.httpPort(), "carol");
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).contentType("application/json")
                    .auth().oauth2(alice.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then()
                    .statusCode(201);
        }
        int mqttPort = HiveMQProcess.freePort();
        broker = HiveMQProcess.start(dir.resolve("hivemq"), "data-dir: " + data.toAbsolutePath()
                + "\nrate-limit: 1000\nrate-burst: 1000\n", mqttPort, 0);

        var reader = Mqtt.subscribe(Mqtt.v5(mqttPort, "bob"), "parley/rooms/general/messages");
        Mqtt5AsyncClient aliceClient = connect(mqttPort, "alice", alice.secret());
        Mqtt.join(aliceClient.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"forged-1\",\"from\":\"mallory\",\"text\":\"hello from the extension\"}"
                        .getBytes(StandardCharsets.UTF_8)).send());
        // the PUBACK is back: the message must already be in the store's file
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("parley.db"));
             var query = db.prepareStatement("SELECT sender, seq FROM messages WHERE room = ? AND msg_id = ?")) {
            query.setString(1, "general");
            query.setString(2, "forged-1");
            try (var row = query.executeQuery()) {
                assertThat(row.next()).as("stored before the PUBACK").isTrue();
                assertThat(row.getString("sender")).isEqualTo("alice");
                assertThat(row.getLong("seq")).isPositive();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isEmpty());
        var delivered = JSON.readTree(Mqtt.text(reader.get(0)));
        assertThat(delivered.path("from").asText()).as("the forged from is stamped over").isEqualTo("alice");
        assertThat(delivered.path("text").asText()).isEqualTo("hello from the extension");
        assertThat(delivered.path("seq").asLong()).isPositive();

        assertThatThrownBy(() -> aliceClient.publishWith().topic("parley/rooms/general/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("{\"text\": not json".getBytes(StandardCharsets.UTF_8)).send()
                .join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));

        Mqtt5AsyncClient carolClient = connect(mqttPort, "carol", carol.secret());
        assertThatThrownBy(() -> carolClient.subscribeWith().topicFilter("parley/rooms/plans/messages").send().join())
                .as("a non-member may not read a private room")
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5SubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCodes())
                                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        var granted = Mqtt.join(aliceClient.subscribeWith().topicFilter("parley/rooms/plans/messages")
                .qos(MqttQos.AT_LEAST_ONCE).send());
        assertThat(granted.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @Test
    void with_store_postgresql_the_broker_shares_sessions_rooms_and_history_with_a_parley_web_node() throws Exception {
        StoreSettings store = PostgresServer.shared().newStore("extension");
        var pushService = TestPushService.started();
        var push = new PushSettings(true, "mailto:ops@example.com", List.of(pushService.origin()));
        try (pushService; var parley = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("web-node"))
                .withStore(store).withPush(push))) {
            ApiSessions.Claimed alice = ApiSessions.claim(parley.httpPort(), "alice");
            ApiSessions.Claimed carol = ApiSessions.claim(parley.httpPort(), "carol");
            int mqttPort = HiveMQProcess.freePort();
            broker = HiveMQProcess.start(dir.resolve("hivemq"), "data-dir: "
                    + dir.resolve("broker-data").toAbsolutePath() + "\nrate-limit: 1000\nrate-burst: 1000\n"
                    + "store: postgresql\npostgres-url: " + store.postgresUrl() + "\npostgres-user: "
                    + store.postgresUser() + "\nweb-push-services: " + pushService.origin() + "\n", mqttPort, 0);

            // the web node's session token is alice's MQTT password on the broker; what she says is in the history
            Mqtt5AsyncClient aliceClient = connect(mqttPort, "alice", alice.token());
            Mqtt.join(aliceClient.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":\"via-broker\",\"text\":\"stored in postgres\"}"
                            .getBytes(StandardCharsets.UTF_8)).send());
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort())
                    .get("/api/rooms/general/messages").then().statusCode(200)
                    .body("messages.text", org.hamcrest.Matchers.hasItem("stored in postgres"));

            // a browser of carol's subscribes on the Parley server; a mention of her said through the broker is pushed
            // by the extension (she has no connection there), signed with the key pair both share in the database
            var phone = new BrowserSubscription(pushService.endpoint("/carol-phone"));
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).contentType("application/json")
                    .auth().oauth2(carol.token()).body(phone.toJson()).post("/api/push/subscriptions").then()
                    .statusCode(201);
            Mqtt.join(aliceClient.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":\"push-1\",\"text\":\"@carol review please\"}"
                            .getBytes(StandardCharsets.UTF_8)).send());
            await().atMost(Duration.ofSeconds(20)).until(() -> pushService.to("/carol-phone").size() == 1);
            var pushed = pushService.to("/carol-phone").get(0);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(phone.decrypt(pushed.body()))
                    .path("text").asText()).isEqualTo("@carol review please");
            String key = RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).get("/api/push/key")
                    .then().statusCode(200).extract().path("key");
            assertThat(pushed.header("Authorization")).contains(", k=" + key);

            // a private room made on the web node while the broker runs is closed to non-members there too
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).contentType("application/json")
                    .auth().oauth2(alice.token()).body("{\"room\":\"later\"}").post("/api/private-rooms").then()
                    .statusCode(201);
            Mqtt5AsyncClient carolClient = connect(mqttPort, "carol", carol.token());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    carolClient.subscribeWith().topicFilter("parley/rooms/later/messages").send().join();
                    return false;
                } catch (CompletionException e) {
                    return e.getCause() instanceof Mqtt5SubAckException refused && refused.getMqttMessage()
                            .getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
                }
            });
        }
    }

    private static Mqtt5AsyncClient connect(int port, String user, String secret) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username(user)
                .password(secret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        return client;
    }
}
