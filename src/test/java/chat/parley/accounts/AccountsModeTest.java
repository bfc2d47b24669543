package chat.parley.accounts;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chat.parley.accounts.Rest.addUser;
import static chat.parley.accounts.Rest.admin;
import static chat.parley.accounts.Rest.api;
import static chat.parley.accounts.Rest.connect;
import static chat.parley.accounts.Rest.credentials;
import static chat.parley.accounts.Rest.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** {@code auth: accounts}: every name needs its password, over MQTT and REST; anonymous clients stay outside. */
class AccountsModeTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED).withAuth(AuthMode.ACCOUNTS)
            .withAccess(new ParleyConfig.Access(true, true)));

    private static Mqtt5ConnAckReasonCode refusal(String user, String password) {
        var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> connect(parley.server(), user, password));
        assertThat(thrown).hasCauseInstanceOf(Mqtt5ConnAckException.class);
        return ((Mqtt5ConnAckException) thrown.getCause()).getMqttMessage().getReasonCode();
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String text) {
        Mqtt.join(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void mqtt_needs_the_account_password_and_messages_carry_the_account_name() {
        addUser(parley.server(), "alice", "alice-password");
        assertThat(refusal("alice", null)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal("alice", "guess-guess")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal("mallory", "any-password")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

        var alice = connect(parley.server(), "alice", "alice-password");
        var listener = connect(parley.server(), "alice", "alice-password");
        List<Mqtt5Publish> inbox = Mqtt.subscribe(listener, "parley/rooms/acc/messages");
        publish(alice, "parley/rooms/acc/messages", "{\"type\":\"text\",\"text\":\"hi\",\"from\":\"bob\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(Mqtt.text(inbox.get(0))).contains("\"from\":\"alice\"").doesNotContain("\"from\":\"bob\"");
    }

    @Test
    void mqtt311_gets_bad_user_name_or_password_too() {
        addUser(parley.server(), "dora", "dora-password");
        var client = MqttClient.builder().useMqttVersion3().identifier("dora-3")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username("dora")
                .password("wrong-password".getBytes()).applySimpleAuth().send().orTimeout(10, TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(Mqtt3ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt3ConnAckException) e.getCause()).getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void anonymous_clients_may_use_the_broker_but_not_the_chat_namespace() {
        addUser(parley.server(), "amy", "amy-password");
        var amy = connect(parley.server(), "amy", "amy-password");
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);

        var explicit = anonymous.subscribeWith().topicFilter("parley/rooms/open/messages").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> { }).send();
        assertThatThrownBy(() -> explicit.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        List<Mqtt5Publish> everything = Mqtt.subscribe(anonymous, "#");

        publish(amy, "parley/rooms/open/messages", "members only");
        publish(anonymous, "sensors/kitchen/temp", "21.5");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> everything.stream().anyMatch(p -> p.getTopic().toString().equals("sensors/kitchen/temp")));
        assertThat(everything).noneMatch(p -> p.getTopic().toString().startsWith("parley/"));

        assertThatThrownBy(() -> anonymous.publishWith().topic("parley/rooms/open/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("let me in".getBytes()).send().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5PubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        assertThat(anonymous.getState().isConnected()).isTrue();
    }

    @Test
    void rest_history_needs_a_session_from_cookie_or_bearer_token() {
        addUser(parley.server(), "bea", "bea-password");
        publish(connect(parley.server(), "bea", "bea-password"), "parley/rooms/hist/messages", "for members");

        api(parley.server()).get("/api/rooms/hist/messages").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        api(parley.server()).queryParam("q", "members").get("/api/search").then().statusCode(200)
                .body("results.room", not(hasItem("hist")));
        api(parley.server()).body(credentials("bea", "not-her-password")).post("/api/login").then().statusCode(401)
                .body("message", equalTo("wrong user name or password"));

        var response = api(parley.server()).body(credentials("bea", "bea-password")).post("/api/login");
        response.then().statusCode(200).body("user", equalTo("bea"))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
        String token = response.path("token");
        api(parley.server()).auth().oauth2(token).get("/api/rooms/hist/messages").then().statusCode(200)
                .body("messages.text", equalTo(List.of("for members")));
        api(parley.server()).cookie("parley_session", token).get("/api/rooms/hist/messages").then().statusCode(200);
        api(parley.server()).cookie("parley_session", token).get("/api/session").then().statusCode(200)
                .body("user", equalTo("bea")).body("auth", equalTo("accounts"));

        api(parley.server()).cookie("parley_session", token).post("/api/logout").then().statusCode(204);
        api(parley.server()).cookie("parley_session", token).get("/api/session").then().statusCode(401);
        api(parley.server()).auth().oauth2(token).get("/api/rooms/hist/messages").then().statusCode(401);
    }

    @Test
    void a_session_token_is_also_the_mqtt_password_so_the_browser_never_keeps_the_password() {
        addUser(parley.server(), "cleo", "cleo-password");
        String token = login(parley.server(), "cleo", "cleo-password");
        assertThat(connect(parley.server(), "cleo", token).getState().isConnected()).isTrue();
        assertThat(refusal("alice", token)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void self_signup_creates_an_account_that_works_everywhere() {
        api(parley.server()).body(credentials("newbie", "short")).post("/api/signup").then().statusCode(400)
                .body("message", equalTo("password must be at least 8 characters"));
        api(parley.server()).body(credentials("newbie", "newbie-password")).post("/api/signup").then()
                .statusCode(201).body("user", equalTo("newbie"));
        api(parley.server()).body(credentials("newbie", "other-password")).post("/api/signup").then()
                .statusCode(409).body("error", equalTo("name_taken"));
        assertThat(connect(parley.server(), "newbie", "newbie-password").getState().isConnected()).isTrue();
        api(parley.server()).get("/api/info").then().body("auth", equalTo("accounts")).body("signup", equalTo(true));
    }

    @Test
    void admin_manages_accounts_and_nothing_secret_comes_back() {
        for (var path : List.of("/api/admin/users", "/api/admin/claims")) {
            api(parley.server()).get(path).then().statusCode(401);
            api(parley.server()).header("Authorization", "Bearer wrong-token-wrong-token").get(path).then()
                    .statusCode(401);
        }
        api(parley.server()).body(credentials("x", "xxxxxxxxxx")).post("/api/admin/users").then().statusCode(401);
        api(parley.server()).body("{\"password\":\"new-password\"}").put("/api/admin/users/x/password").then()
                .statusCode(401);
        api(parley.server()).delete("/api/admin/users/x").then().statusCode(401);

        addUser(parley.server(), "eric", "eric-password");
        admin(parley.server()).body(credentials("eric", "other-password")).post("/api/admin/users").then()
                .statusCode(409);
        String listing = admin(parley.server()).get("/api/admin/users").then().statusCode(200)
                .body("users.user", hasItem("eric")).extract().asString();
        assertThat(listing).doesNotContain("argon2", "password");

        String oldSession = login(parley.server(), "eric", "eric-password");
        admin(parley.server()).body("{\"password\":\"eric-new-password\"}").put("/api/admin/users/eric/password")
                .then().statusCode(204);
        api(parley.server()).auth().oauth2(oldSession).get("/api/session").then().statusCode(401);
        assertThat(refusal("eric", "eric-password")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        String session = login(parley.server(), "eric", "eric-new-password");
        var live = connect(parley.server(), "eric", "eric-new-password");

        admin(parley.server()).delete("/api/admin/users/eric").then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !live.getState().isConnected());
        admin(parley.server()).delete("/api/admin/users/eric").then().statusCode(404);
        api(parley.server()).auth().oauth2(session).get("/api/session").then().statusCode(401);
        assertThat(refusal("eric", "eric-new-password")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
}
