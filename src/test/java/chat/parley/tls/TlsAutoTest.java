package chat.parley.tls;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.config.TlsMode;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code tls: auto}: a client trusting the generated CA connects over MQTT/TLS, WSS and HTTPS; one that doesn't,
 * can't.
 */
class TlsAutoTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(c -> c.withTls(c.tls().withMode(TlsMode.AUTO)));

    private static X509Certificate ca() {
        return parley.server().tls().orElseThrow().ca().orElseThrow();
    }

    @Test
    void a_client_trusting_the_local_ca_chats_over_mqtt_tls_and_wss() throws Exception {
        var tcp = TlsClients.mqtt("localhost", parley.server().mqttsPort(), false, ca());
        var wss = TlsClients.mqtt("127.0.0.1", parley.server().wssPort(), true, ca());
        Mqtt.join(tcp.connectWith().simpleAuth().username("alice").applySimpleAuth().send());
        Mqtt.join(wss.connectWith().simpleAuth().username("bob").applySimpleAuth().send());
        var received = Mqtt.subscribe(wss, "parley/rooms/tls/messages");
        Mqtt.join(tcp.publishWith().topic("parley/rooms/tls/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("over tls".getBytes(StandardCharsets.UTF_8)).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(Mqtt.text(received.get(0))).contains("\"text\":\"over tls\"").contains("\"from\":\"alice\"");
        tcp.disconnect().join();
        wss.disconnect().join();
    }

    @Test
    void a_client_that_does_not_trust_the_ca_is_refused() throws Exception {
        var tcp = TlsClients.mqtt("localhost", parley.server().mqttsPort(), false, null);
        assertThatThrownBy(() -> tcp.connect().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(com.hivemq.client.mqtt.exceptions.ConnectionFailedException.class)
                .rootCause().hasMessageContaining("certification path");
        var wss = TlsClients.mqtt("localhost", parley.server().wssPort(), true, null);
        assertThatThrownBy(() -> wss.connect().join()).isInstanceOf(CompletionException.class);
        assertThatThrownBy(() -> TlsClients.get("https://localhost:" + parley.server().httpsPort() + "/", null))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void https_serves_the_page_and_info_sends_the_browser_to_wss() throws Exception {
        String base = "https://127.0.0.1:" + parley.server().httpsPort();
        var page = TlsClients.get(base + "/", ca());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<script");

        JsonNode info = new ObjectMapper().readTree(TlsClients.get(base + "/api/info", ca()).body());
        assertThat(info.path("ws").path("url").asText())
                .isEqualTo("wss://127.0.0.1:" + parley.server().wssPort() + "/mqtt");
        assertThat(info.path("tls").path("enabled").asBoolean()).isTrue();
        assertThat(info.path("tls").path("mqtts").path("port").asInt()).isEqualTo(parley.server().mqttsPort());
        assertThat(info.path("tls").path("https").path("port").asInt()).isEqualTo(parley.server().httpsPort());
        assertThat(info.path("tls").path("ca").asText()).isEqualTo("/api/tls/ca.crt");
    }

    @Test
    void plain_http_keeps_working_and_sends_the_browser_to_plain_ws() throws Exception {
        var info = new ObjectMapper().readTree(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + parley.server().httpPort() + "/api/info")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(info.path("ws").path("url").asText()).startsWith("ws://");
    }

    @Test
    void the_ca_is_offered_for_download_as_der_and_pem() throws Exception {
        String base = "https://localhost:" + parley.server().httpsPort();
        var der = TlsClients.get(base + "/api/tls/ca.crt", ca());
        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("Content-Type")).hasValue("application/x-x509-ca-cert");
        var parsed = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.body()));
        assertThat(parsed).isEqualTo(ca());

        var pem = TlsClients.get(base + "/api/tls/ca.pem", ca());
        assertThat(new String(pem.body(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void the_ca_key_is_readable_by_its_owner_only() throws Exception {
        var key = ServerTls.dir(parley.server().config()).resolve("ca.key");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
