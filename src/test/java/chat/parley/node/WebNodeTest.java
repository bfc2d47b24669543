package chat.parley.node;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.StartupException;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.config.WebNodeSettings;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A Parley web node ({@code broker-url}) beside a broker it does not run: here another Parley's embedded broker that
 * trusts nodes by the node secret, both on one PostgreSQL database. The node runs no broker of its own (one JVM holds
 * at most one HiveMQ), so everything it publishes went over its connection; HiveMQExtensionIT and WebNodesIT run the
 * same against HiveMQ with parley-extension.zip, in processes of their own.
 */
class WebNodeTest {

    private static final String SECRET = "a-node-secret-of-32-characters!!";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ParleyServer broker;
    private ParleyServer node;

    @BeforeEach
    void start() {
        StoreSettings shared = PostgresServer.shared().newStore("webnode");
        broker = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("broker")).withStore(shared)
                .withWebNode(WebNodeSettings.of("", "", SECRET)));
        node = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("node")).withStore(shared)
                .withWebNode(webNodeOf(broker, SECRET)));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static WebNodeSettings webNodeOf(ParleyServer broker, String secret) {
        return WebNodeSettings.of("mqtt://127.0.0.1:" + broker.mqttPort(),
                "ws://127.0.0.1:" + broker.wsPort() + "/mqtt", secret);
    }

    @Test
    void a_post_over_http_on_the_node_is_stored_once_and_delivered_by_the_broker() throws Exception {
        var reader = Mqtt.subscribe(Mqtt.v5(broker.mqttPort(), "bob"), "parley/rooms/general/messages");
        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("posted on the node")
                .post("/api/rooms/general/messages").then().statusCode(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isEmpty());
        var delivered = JSON.readTree(Mqtt.text(reader.get(0)));
        assertThat(delivered.path("from").asText()).isEqualTo("alice");
        assertThat(delivered.path("text").asText()).isEqualTo("posted on the node");
        assertThat(delivered.path("seq").asLong()).as("stored before it was published").isPositive();
        // the broker's side reads the same history
        RestAssured.given().baseUri("http://127.0.0.1").port(broker.httpPort())
                .get("/api/rooms/general/messages").then().statusCode(200)
                .body("messages.text", org.hamcrest.Matchers.contains("posted on the node"));
    }

    @Test
    void a_moderation_delete_on_the_node_reaches_the_brokers_subscribers() throws Exception {
        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("to be removed")
                .post("/api/rooms/ops/messages").then().statusCode(201);
        var reader = Mqtt.subscribe(Mqtt.v5(broker.mqttPort(), "bob"), "parley/rooms/ops/messages");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort())
                .auth().oauth2(node.adminToken().value())
                .delete("/api/admin/rooms/ops/messages/1").then().statusCode(org.hamcrest.Matchers.lessThan(300));

        // the post itself may reach the broker after this subscription (the node publishes it once stored)
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.stream()
                .anyMatch(p -> Mqtt.text(p).contains("\"type\":\"delete\"")));
        var delete = JSON.readTree(reader.stream().map(Mqtt::text).filter(t -> t.contains("\"type\":\"delete\""))
                .findFirst().orElseThrow());
        assertThat(delete.path("from").asText()).isEqualTo("parley");
    }

    @Test
    void the_node_tells_browsers_the_brokers_websocket_and_answers_what_it_cannot_see_with_an_error() {
        var info = RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).get("/api/info").then()
                .statusCode(200).extract().jsonPath();
        assertThat(info.getString("ws.url")).isEqualTo("ws://127.0.0.1:" + broker.wsPort() + "/mqtt");
        assertThat(info.getString("mqtt.url")).isEqualTo("mqtt://127.0.0.1:" + broker.mqttPort());

        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort())
                .auth().oauth2(node.adminToken().value()).get("/api/admin/clients").then().statusCode(501)
                .body("error", org.hamcrest.Matchers.equalTo("not_on_web_node"));
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).get("/api/health").then()
                .statusCode(200).body("broker", org.hamcrest.Matchers.equalTo("up"));
    }

    @Test
    void an_admin_kick_on_the_node_is_carried_out_by_the_broker_and_only_a_node_may_send_one() {
        var victim = MqttClient.builder().useMqttVersion5().identifier("victim-1").serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildAsync();
        Mqtt.join(victim.connectWith().simpleAuth().username("victim").applySimpleAuth().send());
        var forger = Mqtt.v5(broker.mqttPort(), "forger");
        assertThatThrownBy(() -> forger.publishWith().topic("parley/nodes/commands")
                .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload("{\"command\":\"kick\",\"clientId\":\"victim-1\"}".getBytes(StandardCharsets.UTF_8))
                .send().join())
                .as("a user may not send node commands").isInstanceOf(CompletionException.class);
        assertThat(victim.getState().isConnected()).isTrue();

        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort())
                .auth().oauth2(node.adminToken().value()).delete("/api/admin/clients/victim-1?ban=10m").then()
                .statusCode(202).body("sentTo", org.hamcrest.Matchers.equalTo("broker"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !victim.getState().isConnected());
        var again = MqttClient.builder().useMqttVersion5().identifier("victim-1").serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildAsync();
        assertThatThrownBy(() -> again.connectWith().simpleAuth().username("victim").applySimpleAuth().send().join())
                .as("banned by the broker").isInstanceOf(CompletionException.class);
    }

    @Test
    void the_node_says_its_broker_is_down_keeps_answering_what_the_database_holds_and_reconnects() throws Exception {
        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("before the broker stopped")
                .post("/api/rooms/general/messages").then().statusCode(201);
        var brokerConfig = broker.config().withPorts(0, broker.mqttPort(), broker.wsPort());
        broker.close();
        broker = null;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> RestAssured.given().baseUri("http://127.0.0.1")
                .port(node.httpPort()).get("/api/health").then().statusCode(503)
                .body("broker", org.hamcrest.Matchers.equalTo("down")));
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort())
                .get("/api/rooms/general/messages").then().statusCode(200)
                .body("messages.text", org.hamcrest.Matchers.contains("before the broker stopped"));

        // the broker comes back on the same ports: the node finds it again by itself and publishes through it
        broker = ParleyServer.start(brokerConfig);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().baseUri("http://127.0.0.1")
                .port(node.httpPort()).get("/api/health").then().statusCode(200));
        var reader = Mqtt.subscribe(Mqtt.v5(broker.mqttPort(), "bob"), "parley/rooms/general/messages");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("after it came back")
                .post("/api/rooms/general/messages").then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.stream()
                .anyMatch(p -> Mqtt.text(p).contains("after it came back")));
    }

    @Test
    void over_mqtts_a_node_trusts_the_broker_only_through_its_broker_ca_file() throws Exception {
        StoreSettings shared = broker.config().store();
        ParleyConfig plainBroker = broker.config();
        node.close();
        node = null;
        broker.close();
        broker = null;
        broker = ParleyServer.start(plainBroker.withTls(plainBroker.tls().withMode(chat.parley.config.TlsMode.AUTO)));
        // the broker's local CA, as its admin downloads it for the nodes
        Path ca = dir.resolve("broker-ca.pem");
        java.nio.file.Files.write(ca, RestAssured.given().baseUri("http://127.0.0.1").port(broker.httpPort())
                .get("/api/tls/ca.pem").then().statusCode(200).extract().asByteArray());
        var overTls = WebNodeSettings.of("mqtts://127.0.0.1:" + broker.mqttsPort(),
                "wss://127.0.0.1:" + broker.wssPort() + "/mqtt", SECRET);

        assertThatThrownBy(() -> ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("untrusting"))
                .withStore(shared).withWebNode(overTls)))
                .as("the JVM's CAs do not vouch for a local CA").isInstanceOf(StartupException.class)
                .hasMessageContaining("not trusted").hasMessageContaining("--broker-ca-file");

        node = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("trusting")).withStore(shared)
                .withWebNode(overTls.withBrokerCa(ca)));
        var reader = Mqtt.subscribe(Mqtt.v5(broker.mqttPort(), "bob"), "parley/rooms/general/messages");
        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("over tls").post("/api/rooms/general/messages").then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.stream()
                .anyMatch(p -> Mqtt.text(p).contains("over tls")));
    }

    @Test
    void a_node_with_https_names_only_the_brokers_tls_listeners() {
        var plain = ParleyConfig.ephemeral(dir.resolve("tls-node")).withStore(broker.config().store());
        var wss = WebNodeSettings.of("mqtt://127.0.0.1:" + broker.mqttPort(), "wss://broker.example.org/mqtt",
                SECRET);
        try (var tlsNode = ParleyServer.start(plain.withTls(plain.tls().withMode(chat.parley.config.TlsMode.AUTO))
                .withWebNode(wss))) {
            var tls = RestAssured.given().baseUri("http://127.0.0.1").port(tlsNode.httpPort()).get("/api/info")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(tls.getBoolean("tls.enabled")).isTrue();
            assertThat(tls.getString("tls.wss.url")).isEqualTo("wss://broker.example.org/mqtt");
            assertThat(tls.getString("tls.wss.path")).isEqualTo("/mqtt");
            assertThat(tls.getMap("tls")).as("the broker is not reached over mqtts").doesNotContainKey("mqtts");
            assertThat(tls.getString("tls.https.url")).endsWith(":" + tlsNode.httpsPort() + "/");
        }
    }

    @Test
    void nobody_else_may_take_a_nodes_client_id() {
        var client = MqttClient.builder().useMqttVersion5().identifier(WebNodeSettings.NODE_CLIENT_PREFIX + "abc")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildAsync();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username("mallory").applySimpleAuth().send()
                .join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
    }

    @Test
    void a_connection_with_the_node_name_and_a_wrong_secret_is_refused() {
        var client = MqttClient.builder().useMqttVersion5().identifier("forger").serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildAsync();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(WebNodeSettings.NODE_USER)
                .password("not-the-node-secret-at-all".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void a_node_with_another_secret_does_not_start() {
        assertThatThrownBy(() -> ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("other"))
                .withStore(broker.config().store())
                .withWebNode(webNodeOf(broker, "another-secret-of-enough-length"))))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot connect to the broker at mqtt://127.0.0.1:" + broker.mqttPort())
                .hasMessageNotContaining("\n");
    }
}
