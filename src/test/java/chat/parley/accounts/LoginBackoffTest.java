package chat.parley.accounts;

import chat.parley.TestServer;
import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static chat.parley.accounts.Rest.addUser;
import static chat.parley.accounts.Rest.api;
import static chat.parley.accounts.Rest.connect;
import static chat.parley.accounts.Rest.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** Password guessing is slowed down (REST 429 with Retry-After, MQTT CONNACK 0x9F); anonymous can be switched off. */
class LoginBackoffTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED).withAuth(AuthMode.ACCOUNTS)
            .withAccess(new ParleyConfig.Access(false, false)));

    private static Mqtt5ConnAckReasonCode refusal(String user, String password) {
        Throwable thrown = catchThrowable(() -> connect(parley.server(), user, password));
        assertThat(thrown).hasCauseInstanceOf(Mqtt5ConnAckException.class);
        return ((Mqtt5ConnAckException) thrown.getCause()).getMqttMessage().getReasonCode();
    }

    @Test
    void brute_force_login_is_backed_off_after_five_failures_even_for_the_right_password() {
        addUser(parley.server(), "victim", "the-real-password");
        for (int i = 1; i <= 5; i++) {
            api(parley.server()).body(credentials("victim", "guess-" + i)).post("/api/login").then().statusCode(401);
        }
        api(parley.server()).body(credentials("victim", "guess-6")).post("/api/login").then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429)).body("error", equalTo("too_many_attempts"))
                .body("message", startsWith("too many failed sign-ins"));
        api(parley.server()).body(credentials("victim", "the-real-password")).post("/api/login").then()
                .statusCode(429);
        assertThat(refusal("victim", "the-real-password")).isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);

        String metrics = api(parley.server()).get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("parley_login_throttled_total [1-9]");
        assertThat(metrics).containsPattern("parley_login_failures_total [1-9]");
    }

    @Test
    void mqtt_guessing_counts_too_and_other_names_are_not_locked_out() {
        addUser(parley.server(), "target", "target-password");
        addUser(parley.server(), "bystander", "bystander-password");
        for (int i = 1; i <= 5; i++) {
            assertThat(refusal("target", "guess-" + i)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
        assertThat(refusal("target", "target-password")).isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
        assertThat(connect(parley.server(), "bystander", "bystander-password").getState().isConnected()).isTrue();
    }

    @Test
    void anonymous_connections_are_refused_when_switched_off() {
        var client = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("anonymous-1")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Throwable thrown = catchThrowable(() -> client.connect()
                .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
        assertThat(thrown).hasCauseInstanceOf(Mqtt5ConnAckException.class);
        assertThat(((Mqtt5ConnAckException) thrown.getCause()).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void self_signup_is_refused_when_off() {
        api(parley.server()).body(credentials("walkin", "walkin-password")).post("/api/signup").then()
                .statusCode(403).body("message", equalTo("self sign-up is off on this server: ask an admin for an "
                        + "account"));
    }
}
