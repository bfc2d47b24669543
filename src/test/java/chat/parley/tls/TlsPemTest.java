package chat.parley.tls;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tls: pem} with the user's own certificate (RSA, PKCS#1 key) and {@code plain-listeners: false}. */
class TlsPemTest {

    private static final KeyPair KEYS;
    private static final X509Certificate CERT;
    private static final Path DIR;
    /** Ports the plain listeners would take if they ran. */
    private static final int[] PLAIN = new int[3];

    static {
        try {
            KEYS = TestCerts.rsa();
            CERT = TestCerts.selfSigned(KEYS);
            DIR = Files.createTempDirectory("parley-pem");
            Files.writeString(DIR.resolve("cert.pem"), Pem.toPem(CERT));
            Files.writeString(DIR.resolve("key.pem"), TestCerts.traditionalPem(KEYS));
            for (int i = 0; i < PLAIN.length; i++) {
                try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                    PLAIN[i] = probe.getLocalPort();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(c -> c.withTls(c.tls()
            .withPem(DIR.resolve("cert.pem"), DIR.resolve("key.pem")).withPlainListeners(false))
            .withPorts(PLAIN[0], PLAIN[1], PLAIN[2]));

    @Test
    void clients_trusting_the_users_certificate_connect_over_mqtt_tls_wss_and_https() throws Exception {
        var tcp = TlsClients.mqtt("localhost", parley.server().mqttsPort(), false, CERT);
        Mqtt.join(tcp.connect());
        var wss = TlsClients.mqtt("127.0.0.1", parley.server().wssPort(), true, CERT);
        Mqtt.join(wss.connect());
        tcp.disconnect().join();
        wss.disconnect().join();

        var page = TlsClients.get("https://localhost:" + parley.server().httpsPort() + "/", CERT);
        assertThat(page.statusCode()).isEqualTo(200);
        var info = new ObjectMapper().readTree(TlsClients.get("https://localhost:" + parley.server().httpsPort()
                + "/api/info", CERT).body());
        assertThat(info.path("ws").path("url").asText()).startsWith("wss://localhost:");
        assertThat(info.path("tls").path("ca").isNull()).isTrue();
    }

    @Test
    void the_served_certificate_is_the_users() throws Exception {
        assertThat(parley.server().tls().orElseThrow().certificate()).isEqualTo(CERT);
        assertThat(parley.server().tls().orElseThrow().ca()).isEmpty();
    }

    @Test
    void there_is_no_local_ca_to_download() throws Exception {
        var response = TlsClients.get("https://localhost:" + parley.server().httpsPort() + "/api/tls/ca.crt", CERT);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body())).contains("\"error\":\"not_found\"").contains("tls: auto");
    }

    @Test
    void with_plain_listeners_off_no_plain_port_is_open() {
        assertThat(parley.server().httpPort()).isZero();
        assertThat(parley.server().mqttPort()).isZero();
        assertThat(parley.server().wsPort()).isZero();
        for (int port : PLAIN) {
            assertThat(listening(port)).as("port " + port).isFalse();
        }
        assertThat(listening(parley.server().mqttsPort())).isTrue();
    }

    @Test
    void a_plain_mqtt_client_on_the_tls_port_gets_nowhere() {
        var plain = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("plain-on-tls")
                .serverHost("127.0.0.1").serverPort(parley.server().mqttsPort()).buildAsync();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.connect()
                .get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Exception.class);
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
