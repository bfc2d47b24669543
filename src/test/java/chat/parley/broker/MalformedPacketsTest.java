package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bytes that are not MQTT, sent by a raw socket: the server drops that connection (at once when it can tell, or
 * when HiveMQ's CONNECT timeout of 10 s passes for a half-sent packet it keeps waiting for) and everyone else chats on.
 * The cases run at the same time (each with its own bystander), so the three that wait out the timeout wait together.
 */
class MalformedPacketsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("not MQTT at all", "474554202f20485454502f312e310d0a0d0a"), // "GET / HTTP/1.1"
                Arguments.of("a remaining length over four bytes", "10ffffffffff01"),
                Arguments.of("PUBLISH before CONNECT", "300c0005612f622f63686920746865"),
                Arguments.of("CONNECT with a wrong protocol name", "101000044d51545800050200003c0000017a"),
                Arguments.of("CONNECT with an unknown protocol level", "101000044d5154540902003c0000017a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    @Execution(ExecutionMode.CONCURRENT)
    void the_server_closes_a_connection_that_sends_garbage(String what, String hex) throws IOException {
        var bystander = Mqtt.v5(parley.server().mqttPort(), "bystander");
        var inbox = Mqtt.subscribe(bystander, "parley/rooms/steady/messages");

        try (var socket = new Socket("127.0.0.1", parley.server().mqttPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(HexFormat.of().parseHex(hex));
            socket.getOutputStream().flush();
            assertThat(readsToEnd(socket.getInputStream())).as(what + ": connection closed by the server").isTrue();
        }

        Mqtt.join(bystander.publishWith().topic("parley/rooms/steady/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(what.getBytes()).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stream().anyMatch(p -> Mqtt.text(p).contains(what)));
        bystander.disconnect();
    }

    /** Whether the server closed the stream (a CONNACK refusal before closing is fine) within 30 s. */
    private static boolean readsToEnd(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[256];
            for (int i = 0; i < 100; i++) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}
