package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Chat messages between real MQTT 3.1.1, MQTT 5 and WebSocket clients, through the extension's stamping. */
class ChatMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @Test
    void mqtt5_publisher_reaches_mqtt311_paho_and_websocket_subscribers() throws Exception {
        var paho = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + parley.server().mqttPort(),
                "paho-bob", new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName("bob");
        paho.connect(options);
        List<String> pahoInbox = new CopyOnWriteArrayList<>();
        paho.subscribe("parley/rooms/general/messages", 1,
                (topic, message) -> pahoInbox.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        Mqtt5AsyncClient web = Mqtt.v5WebSocket(parley.server().wsPort(), "carol");
        var webInbox = Mqtt.subscribe(web, "parley/rooms/general/messages");

        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"type\":\"text\",\"text\":\"hello everyone\",\"id\":\"m-1\"}".getBytes()).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> pahoInbox.size() == 1 && webInbox.size() == 1);
        JsonNode viaPaho = JSON.readTree(pahoInbox.get(0));
        JsonNode viaWs = JSON.readTree(Mqtt.text(webInbox.get(0)));
        assertThat(viaPaho).isEqualTo(viaWs);
        assertThat(viaPaho.get("text").asText()).isEqualTo("hello everyone");
        assertThat(viaPaho.get("from").asText()).isEqualTo("alice");
        assertThat(viaPaho.get("room").asText()).isEqualTo("general");
        assertThat(viaPaho.get("id").asText()).isEqualTo("m-1");
        assertThat(viaPaho.get("v").asInt()).isEqualTo(1);
        paho.disconnect();
        paho.close();
    }

    @Test
    void mqtt311_paho_publisher_reaches_mqtt5_subscriber_as_an_envelope() throws Exception {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "dave");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/paho-room/messages");
        var paho = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + parley.server().mqttPort(),
                "paho-erin", new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName("erin");
        paho.connect(options);
        paho.publish("parley/rooms/paho-room/messages", new MqttMessage("hi from python-style client".getBytes()));

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode envelope = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(envelope.get("type").asText()).isEqualTo("text");
        assertThat(envelope.get("text").asText()).isEqualTo("hi from python-style client");
        assertThat(envelope.get("from").asText()).as("the username speaks").isEqualTo("erin");
        assertThat(envelope.get("client").asText()).isEqualTo("paho-erin");
        paho.disconnect();
        paho.close();
    }

    @Test
    void spoofed_from_client_and_ts_are_overwritten() throws Exception {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "frank");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/spoof/messages");
        Mqtt5AsyncClient mallory = Mqtt.v5(parley.server().mqttPort(), "mallory");
        long before = System.currentTimeMillis();
        Mqtt.join(mallory.publishWith().topic("parley/rooms/spoof/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"text\":\"I am the admin\",\"from\":\"admin\",\"client\":\"x\",\"ts\":1,\"seq\":99}"
                        .getBytes()).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode envelope = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(envelope.get("from").asText()).isEqualTo("mallory");
        assertThat(envelope.get("client").asText()).isEqualTo(mallory.getConfig().getClientIdentifier().get()
                .toString());
        assertThat(envelope.get("ts").asLong()).isGreaterThanOrEqualTo(before);
        assertThat(envelope.get("seq").asLong()).as("seq is the store's to assign").isEqualTo(1);
    }

    @Test
    void plain_text_payload_arrives_as_an_envelope() throws Exception {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "gina");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/plain/messages");
        Mqtt5AsyncClient sender = Mqtt.v5(parley.server().mqttPort(), "hank");
        Mqtt.join(sender.publishWith().topic("parley/rooms/plain/messages")
                .payload("héllo 👋 <b>not html</b>".getBytes(StandardCharsets.UTF_8)).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode envelope = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(envelope.get("type").asText()).isEqualTo("text");
        assertThat(envelope.get("text").asText()).isEqualTo("héllo 👋 <b>not html</b>");
        assertThat(envelope.get("from").asText()).isEqualTo("hank");
        assertThat(envelope.get("id").asText()).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(inbox.get(0).getContentType()).hasValueSatisfying(
                type -> assertThat(type.toString()).isEqualTo("application/json"));
    }

    @Test
    void topics_outside_the_namespace_pass_through_byte_identical_and_retained() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // not UTF-8, not JSON: a plain broker must not care
        }
        Mqtt5AsyncClient device = Mqtt.v5(parley.server().mqttPort(), null);
        Mqtt.join(device.publishWith().topic("sensors/lab/temp").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(binary).send());

        Mqtt5AsyncClient lateSubscriber = Mqtt.v5(parley.server().mqttPort(), null);
        var inbox = Mqtt.subscribe(lateSubscriber, "sensors/#");

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(inbox.get(0).getPayloadAsBytes()).isEqualTo(binary);
        assertThat(inbox.get(0).isRetain()).isTrue();
        assertThat(inbox.get(0).getTopic().toString()).isEqualTo("sensors/lab/temp");
    }

    @Test
    void typing_signal_is_stamped_with_the_sender() throws Exception {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "ivy");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/general/typing");
        Mqtt5AsyncClient typist = Mqtt.v5(parley.server().mqttPort(), "jack");
        Mqtt.join(typist.publishWith().topic("parley/rooms/general/typing").qos(MqttQos.AT_MOST_ONCE)
                .payload("{\"from\":\"someone-else\"}".getBytes()).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode signal = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(signal.get("from").asText()).isEqualTo("jack");
        assertThat(signal.get("room").asText()).isEqualTo("general");
        assertThat(signal.get("typing").asBoolean()).isTrue();
    }

    @Test
    void direct_messages_reach_the_other_party_stamped_with_the_dm_room() throws Exception {
        Mqtt5AsyncClient bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        var inbox = Mqtt.subscribe(bob, "parley/dm/alice/bob/messages");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        Mqtt.join(alice.publishWith().topic("parley/dm/alice/bob/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("psst".getBytes()).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode envelope = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(envelope.get("room").asText()).isEqualTo("dm:alice:bob");
        assertThat(envelope.get("from").asText()).isEqualTo("alice");
    }
}
