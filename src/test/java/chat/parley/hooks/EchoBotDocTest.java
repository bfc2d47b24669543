package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java MQTT bot of docs/bots.md, line for line but for where it connects (there: localhost:1883 and $T): it
 * answers a mention, as a reply marked {@code bot: true}, and ignores its own answers.
 */
class EchoBotDocTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    /** docs/bots.md's EchoBot, with host, port and token as parameters; returns the connected client. */
    static Mqtt5AsyncClient echoBot(String host, int port, String token) {
        var json = new ObjectMapper();
        var mqtt = MqttClient.builder().useMqttVersion5().identifier("echo-bot")
                .serverHost(host).serverPort(port).buildAsync();
        mqtt.connectWith().simpleAuth().username("echo").password(token.getBytes()).applySimpleAuth()
                .send().join();
        mqtt.subscribeWith().topicFilter("parley/rooms/+/messages").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            try {
                var m = json.readTree(p.getPayloadAsBytes());
                if (m.path("bot").asBoolean() || !m.path("text").asText().contains("@echo")) return;
                var reply = json.createObjectNode().put("text", "you said: " + m.path("text").asText())
                        .put("replyTo", m.path("id").asText());
                mqtt.publishWith().topic(p.getTopic()).qos(MqttQos.AT_LEAST_ONCE).payload(json.writeValueAsBytes(reply))
                        .send();
            } catch (Exception e) { e.printStackTrace(); }
        }).send().join();
        return mqtt;
    }

    @Test
    void the_documented_bot_answers_a_mention_once() {
        var admin = new AdminApi(parley.server());
        var bot = echoBot("127.0.0.1", parley.server().mqttPort(), admin.bot("echo"));
        var person = Mqtt.v5(parley.server().mqttPort(), "gina");
        Mqtt.join(person.publishWith().topic("parley/rooms/echoes/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hi @echo".getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> texts = admin.api().get("/api/rooms/echoes/messages").then().extract().jsonPath()
                    .getList("messages.findAll { it.from == 'echo' && it.bot }.text");
            assertThat(texts).containsExactly("you said: hi @echo");
        });
        Mqtt.join(bot.disconnect());
    }
}
