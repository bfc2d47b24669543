package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web page of another site cannot open the MQTT WebSocket through a visitor's browser (which would let any page on
 * the internet read a LAN-only server's rooms); Parley's own pages and non-browser clients can.
 */
class WebSocketOriginTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    /** Sends a WebSocket upgrade to the MQTT WebSocket port and answers the status line. */
    private static String upgrade(String origin) throws IOException {
        int port = parley.server().wsPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET /mqtt HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: mqtt\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static long refused() {
        return parley.server().refusals().count(chat.parley.chat.Refusal.FOREIGN_ORIGIN);
    }

    @Test
    void a_page_of_another_site_gets_403_and_is_counted() throws IOException {
        long before = refused();
        assertThat(upgrade("https://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(upgrade("null")).startsWith("HTTP/1.1 403");
        // the same host at a port that is none of Parley's is another site too
        assertThat(upgrade("http://127.0.0.1:1")).startsWith("HTTP/1.1 403");
        assertThat(refused()).isEqualTo(before + 3);
    }

    @Test
    void parleys_own_page_and_clients_without_an_origin_get_in() throws IOException {
        assertThat(upgrade("http://127.0.0.1:" + parley.server().httpPort())).startsWith("HTTP/1.1 101");
        assertThat(upgrade(null)).startsWith("HTTP/1.1 101");
        // a real MQTT client over WebSocket (Netty sends its own URL as the origin)
        Mqtt.v5WebSocket(parley.server().wsPort(), "alice").disconnect();
    }
}
