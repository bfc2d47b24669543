package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** {@code /api/admin/clients}: real MQTT connections are listed, kicked, and with a ban kept out. */
class AdminClientsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + parley.server().adminToken().value());
    }

    private static Map<String, Object> listed(String clientId) {
        List<Map<String, Object>> clients = admin().get("/api/admin/clients").then().statusCode(200)
                .extract().jsonPath().getList("clients");
        return clients.stream().filter(c -> clientId.equals(c.get("clientId"))).findFirst().orElse(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void lists_connections_with_user_transport_subscriptions_and_traffic() {
        Mqtt5AsyncClient tcp = Mqtt.v5(parley.server().mqttPort(), "olga");
        Mqtt5AsyncClient ws = Mqtt.v5WebSocket(parley.server().wsPort(), null);
        String tcpId = tcp.getConfig().getClientIdentifier().orElseThrow().toString();
        String wsId = ws.getConfig().getClientIdentifier().orElseThrow().toString();
        Mqtt.subscribe(tcp, "parley/rooms/lobby/messages");
        Mqtt.join(tcp.publishWith().topic("parley/rooms/lobby/messages").payload("hi".getBytes()).send());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> olga = listed(tcpId);
            assertThat(olga).isNotNull();
            assertThat(olga).containsEntry("user", "olga").containsEntry("transport", "tcp")
                    .containsEntry("protocolVersion", "5").containsEntry("address", "127.0.0.1");
            assertThat((List<Object>) olga.get("subscriptions")).containsExactly("parley/rooms/lobby/messages");
            assertThat(((Number) olga.get("messagesIn")).longValue()).isEqualTo(1);
            assertThat(((Number) olga.get("messagesOut")).longValue()).isEqualTo(1); // its own message, stored
            assertThat(((Number) olga.get("connectedSince")).longValue()).isPositive();
        });
        Map<String, Object> anonymous = listed(wsId);
        assertThat(anonymous).containsEntry("transport", "ws").containsEntry("user", null);

        Mqtt.join(ws.disconnect());
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(wsId) == null);
        Mqtt.join(tcp.disconnect());
    }

    @Test
    void kicking_disconnects_the_client_with_administrative_action() {
        var reason = new CompletableFuture<Mqtt5DisconnectReasonCode>();
        var reasonString = new CompletableFuture<String>();
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("kick-" + shortId())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort())
                .addDisconnectedListener(ctx -> {
                    if (ctx.getCause() instanceof com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException e) {
                        reason.complete(e.getMqttMessage().getReasonCode());
                        reasonString.complete(e.getMqttMessage().getReasonString().map(Object::toString).orElse(null));
                    } else {
                        reason.completeExceptionally(ctx.getCause());
                    }
                })
                .buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username("pete").applySimpleAuth().send());
        String id = client.getConfig().getClientIdentifier().orElseThrow().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(id) != null);

        admin().delete("/api/admin/clients/" + id).then().statusCode(204);

        assertThat(Mqtt.join(reason)).isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        assertThat(Mqtt.join(reasonString)).isEqualTo("disconnected by an administrator");
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(id) == null);
        // without a ban it may come straight back
        Mqtt.join(client.connectWith().simpleAuth().username("pete").applySimpleAuth().send());
        Mqtt.join(client.disconnect());
    }

    @Test
    void a_ban_keeps_the_client_and_its_user_out() throws Exception {
        String id = "ban-" + shortId();
        var disconnect = new CompletableFuture<Mqtt5Disconnect>();
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort())
                .addDisconnectedListener(ctx -> {
                    if (ctx.getCause() instanceof Mqtt5DisconnectException e) {
                        disconnect.complete(e.getMqttMessage());
                    }
                })
                .buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username("mallory").applySimpleAuth().send());
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(id) != null);

        Instant banned = Instant.now();
        admin().delete("/api/admin/clients/" + id + "?ban=10m").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !client.getState().isConnected());
        // the DISCONNECT says until when, as an ISO-8601 instant ten minutes on (rounded up to the second)
        String reason = Mqtt.join(disconnect).getReasonString().orElseThrow().toString();
        assertThat(reason).matches("banned by an administrator until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        Instant until = Instant.parse(reason.substring(reason.lastIndexOf(' ') + 1));
        assertThat(until).isBetween(banned.plus(Duration.ofMinutes(10)).minusSeconds(1),
                Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1));

        var refusal = assertBanned(MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync(), "someone-else");
        // the CONNACK says the same, in the reason string and in the banned-until user property
        assertThat(refusal.getReasonString().orElseThrow().toString()).isEqualTo(reason);
        assertThat(refusal.getUserProperties().asList()).singleElement().satisfies(p -> {
            assertThat(p.getName().toString()).isEqualTo("banned-until");
            assertThat(p.getValue().toString()).isEqualTo(until.toString());
        });
        assertBanned(MqttClient.builder().useMqttVersion5().identifier("other-" + shortId())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync(), "mallory");
        assertThat(parley.server().refusals().count(chat.parley.chat.Refusal.BANNED)).isGreaterThanOrEqualTo(2);

        // somebody else is unaffected
        Mqtt5AsyncClient bystander = Mqtt.v5(parley.server().mqttPort(), "victor");
        Mqtt.join(bystander.disconnect());
    }

    private static Mqtt5ConnAck assertBanned(Mqtt5AsyncClient client, String user) {
        var connack = new java.util.concurrent.atomic.AtomicReference<Mqtt5ConnAck>();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(user).applySimpleAuth().send()
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);
                    connack.set(e.getMqttMessage());
                });
        return connack.get();
    }

    @Test
    void bad_kicks_are_answered_in_the_error_shape() {
        admin().delete("/api/admin/clients/nobody-here").then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no client with id 'nobody-here' is connected"));
        Mqtt5AsyncClient client = Mqtt.v5(parley.server().mqttPort(), "quinn");
        String id = client.getConfig().getClientIdentifier().orElseThrow().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(id) != null);
        for (String ban : List.of("forever", "0", "400d", "-5m")) {
            JsonPath body = admin().delete("/api/admin/clients/" + id + "?ban=" + ban).then().statusCode(400)
                    .extract().jsonPath();
            assertThat(body.getString("message")).startsWith("ban ");
        }
        assertThat(client.getState().isConnected()).isTrue(); // a refused kick does nothing
        api().delete("/api/admin/clients/" + id).then().statusCode(401);
        api().get("/api/admin/clients").then().statusCode(401);
        Mqtt.join(client.disconnect());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
