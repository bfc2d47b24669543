package chat.parley.accounts;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Open mode: a claimed name needs its secret; unclaimed names and generic tools keep working. */
class ClaimsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType(ContentType.JSON);
    }

    private static String claim(String user) {
        return api().body("{\"user\":\"" + user + "\"}").post("/api/claim").then()
                .statusCode(201)
                .body("user", equalTo(user))
                .body("secret", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().path("secret");
    }

    private static com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient client5(String user, String password) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        var auth = client.connectWith().simpleAuth().username(user);
        if (password != null) {
            auth.password(password.getBytes(StandardCharsets.UTF_8));
        }
        auth.applySimpleAuth().send().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    @Test
    void a_name_is_claimed_once() {
        claim("alice");
        api().body("{\"user\":\"alice\"}").post("/api/claim").then()
                .statusCode(409)
                .body("status", equalTo(409))
                .body("error", equalTo("name_taken"))
                .body("message", equalTo("the name 'alice' is already claimed"));
    }

    @Test
    void bad_claims_get_a_clear_400() {
        api().body("{\"user\":\"Not Valid\"}").post("/api/claim").then().statusCode(400)
                .body("message", equalTo("user must match [a-z0-9][a-z0-9_-]{0,31}"));
        api().body("not json").post("/api/claim").then().statusCode(400)
                .body("message", equalTo("body must be JSON like {\"user\":\"alice\"}"));
        api().body("{}").post("/api/claim").then().statusCode(400);
    }

    @Test
    void a_claimed_name_needs_its_secret_over_mqtt5() {
        String secret = claim("bob");

        assertThatThrownBy(() -> client5("bob", null)).hasCauseInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(() -> client5("bob", "guess")).hasCauseInstanceOf(Mqtt5ConnAckException.class);

        var bob = client5("bob", secret);
        var listener = Mqtt.v5(parley.server().mqttPort(), "listener");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/claims/messages");
        Mqtt.join(bob.publishWith().topic("parley/rooms/claims/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("it's really me".getBytes()).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(Mqtt.text(inbox.get(0))).contains("\"from\":\"bob\"");
    }

    @Test
    void a_claimed_name_needs_its_secret_over_mqtt311() {
        claim("carol");
        var client = MqttClient.builder().useMqttVersion3().identifier("carol-3")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username("carol").applySimpleAuth().send()
                .orTimeout(10, TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(Mqtt3ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt3ConnAckException) e.getCause()).getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void claims_written_while_messages_are_stored_never_fail_either() {
        var writer = Mqtt.v5(parley.server().mqttPort(), "busy-writer");
        var publishes = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 2000; i++) {
            publishes.add(writer.publishWith().topic("parley/rooms/busy/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("busy " + i).getBytes()).send());
            if (i % 40 == 0) {
                claim("busy" + i);
            }
        }
        for (var publish : publishes) {
            assertThat(Mqtt.join(publish)).isNotNull();
        }
        assertThat(parley.server().store().latest("busy", 1).messages().get(0).seq()).isEqualTo(2000);
    }

    @Test
    void unclaimed_names_and_anonymous_clients_connect_without_a_password() {
        var dave = client5("dave", null);
        assertThat(dave.getState().isConnected()).isTrue();
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);
        assertThat(anonymous.getState().isConnected()).isTrue();
    }
}
