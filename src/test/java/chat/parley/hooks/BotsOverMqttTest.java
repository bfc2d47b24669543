package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * MQTT bots stay first-class: a bot connects with its name and its token as the password, its messages are marked
 * {@code bot: true}, its room limits hold (PUBACK 0x87), and nobody else can take its name.
 */
class BotsOverMqttTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static Mqtt5AsyncClient connect(String user, String password) throws Exception {
        var client = MqttClient.builder().useMqttVersion5().identifier("bot-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        var connect = client.connectWith().simpleAuth().username(user);
        if (password != null) {
            connect.password(password.getBytes(StandardCharsets.UTF_8));
        }
        connect.applySimpleAuth().send().get(30, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void a_bot_publishes_with_its_token_and_is_marked_a_bot() throws Exception {
        String token = new AdminApi(parley.server()).bot("pager", "incidents");
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "sre"), "parley/rooms/+/messages");
        var bot = connect("pager", token);
        Mqtt.join(bot.publishWith().topic("parley/rooms/incidents/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("db-2 is down".getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        var message = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(message.path("from").asText()).isEqualTo("pager");
        assertThat(message.path("bot").asBoolean()).isTrue();

        assertThatThrownBy(() -> bot.publishWith().topic("parley/rooms/general/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("off limits".getBytes(StandardCharsets.UTF_8)).send().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void nobody_connects_as_a_bot_without_its_token_and_a_person_is_no_bot() throws Exception {
        new AdminApi(parley.server()).bot("guard");
        assertThatThrownBy(() -> connect("guard", null)).hasCauseInstanceOf(Mqtt5ConnAckException.class);
        assertThatThrownBy(() -> connect("guard", "pbot_wrong")).cause()
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage()
                        .getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));

        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "reader"), "parley/rooms/people/messages");
        var person = Mqtt.v5(parley.server().mqttPort(), "paula");
        Mqtt.join(person.publishWith().topic("parley/rooms/people/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"text\":\"I am human\",\"bot\":true}".getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        assertThat(JSON.readTree(Mqtt.text(inbox.get(0))).has("bot")).as("a client cannot call itself a bot")
                .isFalse();
    }
}
