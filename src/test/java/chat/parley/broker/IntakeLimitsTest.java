package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits that hold before anything is buffered or stored: packet size, topic filter shape, payload shape. */
class IntakeLimitsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static Mqtt5AsyncClient alice;

    @BeforeAll
    static void connect() {
        alice = Mqtt.v5(parley.server().mqttPort(), "alice");
    }

    @AfterAll
    static void disconnect() {
        alice.disconnect();
    }

    private static Mqtt5PubAckReasonCode refusalOf(String topic, String payload) {
        var publish = alice.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        try {
            publish.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(Mqtt5PubAckException.class);
            return ((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the publish was accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"text\":\"a\"} {\"text\":\"b\"}", "{\"text\":\"a\"}x",
            "{\"type\":\"file\",\"file\":{\"url\":\"javascript:alert(1)\",\"name\":\"a\",\"size\":1,\"mime\":\"x/y\"}}",
            "{\"type\":\"file\",\"file\":{\"url\":\"java\\tscript:alert(1)\",\"name\":\"a\",\"size\":1,\"mime\":\"x/y\"}}",
            "{\"type\":\"file\",\"file\":{\"url\":\"data:text/html,<b>\",\"name\":\"a\",\"size\":1,\"mime\":\"x/y\"}}"})
    void payloads_that_are_not_one_message_are_refused_with_0x99(String payload) {
        assertThat(refusalOf("parley/rooms/limits/messages", payload))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void http_and_relative_file_urls_are_accepted() {
        for (String url : new String[] {"https://example.org/a.png", "/downloads/abc.png", "http://lan.local/x"}) {
            Mqtt.join(alice.publishWith().topic("parley/rooms/limits/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"type\":\"file\",\"file\":{\"url\":\"" + url
                            + "\",\"name\":\"a\",\"size\":1,\"mime\":\"image/png\"}}").getBytes(StandardCharsets.UTF_8))
                    .send());
        }
    }

    @Test
    void a_ten_thousand_level_topic_filter_is_refused_and_the_connection_stays() {
        String deep = "a/".repeat(10_000) + "b";
        var subscribe = alice.subscribeWith().topicFilter(deep).qos(MqttQos.AT_LEAST_ONCE).callback(p -> { }).send();
        assertThatThrownBy(() -> subscribe.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID));
        assertThat(alice.getState().isConnected()).isTrue();
        Mqtt.join(alice.subscribeWith().topicFilter("a/".repeat(150) + "b").qos(MqttQos.AT_LEAST_ONCE).send());
    }

    @Test
    void a_packet_over_the_limit_is_refused_from_its_header_before_it_is_buffered() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", parley.server().mqttPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(connect("big-sender"));
            byte[] connack = new DataInputStream(in).readNBytes(4);
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);

            // A PUBLISH announcing 249 MB, of which only the start is sent: the broker must not wait for the rest.
            var publish = new ByteArrayOutputStream();
            publish.write(0x30);
            publish.write(remainingLength(249_000_000));
            publish.write(new byte[] {0, 3, 'a', '/', 'b'});
            publish.write(new byte[1024]);
            out.write(publish.toByteArray());
            out.flush();
            assertThat(in.read()).as("the broker closes the connection").isEqualTo(-1);
        }
        assertThat(alice.getState().isConnected()).isTrue();
    }

    /** An MQTT 3.1.1 CONNECT, clean session, no username. */
    private static byte[] connect(String clientId) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60});
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        body.write(0);
        body.write(id.length);
        body.writeBytes(id);
        var packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.writeBytes(remainingLength(body.size()));
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static byte[] remainingLength(int length) {
        var out = new ByteArrayOutputStream();
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return out.toByteArray();
    }
}
