package chat.parley.web;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.TlsMode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real browser on the HTTPS page of a {@code tls: auto} server chats over WSS (an https page may not open ws://)
 * with an MQTT client on the TLS port. Chromium is told to accept exactly this server's key (SPKI pin); nothing else.
 */
class TlsBrowserTest {

    static ParleyServer server;
    final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        Browser.requireChromium();
        var config = TestServer.ephemeralConfig();
        server = ParleyServer.start(config.withTls(config.tls().withMode(TlsMode.AUTO)));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private Browser https(String path) throws Exception {
        byte[] spki = server.tls().orElseThrow().certificate().getPublicKey().getEncoded();
        String pin = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        var b = Browser.open("https://127.0.0.1:" + server.httpsPort(), path,
                "--ignore-certificate-errors-spki-list=" + pin);
        browsers.add(b);
        return b;
    }

    @Test
    void the_https_page_chats_over_wss_with_an_mqtt_tls_client() throws Exception {
        var alice = https("/#/r/secure").join("alice");
        assertThat((String) alice.js("return location.protocol")).isEqualTo("https:");
        assertThat((Boolean) alice.js("return window.isSecureContext")).isTrue();

        Mqtt5AsyncClient bob = mqttTls();
        Mqtt.join(bob.connectWith().simpleAuth().username("bob").applySimpleAuth().send());
        var inbox = Mqtt.subscribe(bob, "parley/rooms/secure/messages");

        alice.send("hello over wss");
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.stream()
                .anyMatch(p -> Mqtt.text(p).contains("hello over wss")));

        Mqtt.join(bob.publishWith().topic("parley/rooms/secure/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("hello from mqtts".getBytes(StandardCharsets.UTF_8)).send());
        alice.waitForMessage("hello from mqtts");
        Mqtt.join(bob.disconnect());
    }

    @Test
    void the_plain_page_offers_the_ca_and_the_secure_page() {
        var b = Browser.open("http://127.0.0.1:" + server.httpPort(), "/");
        browsers.add(b);
        b.waitUntil(d -> d.findElement(By.id("join-trust")).isDisplayed());
        var ca = b.driver.findElement(By.cssSelector("#join-trust a.trust-ca"));
        assertThat(ca.getAttribute("href")).endsWith("/api/tls/ca.crt");
        var secure = b.driver.findElement(By.cssSelector("#join-trust a.trust-https"));
        assertThat(secure.getAttribute("href")).isEqualTo("https://127.0.0.1:" + server.httpsPort() + "/");
    }

    private static Mqtt5AsyncClient mqttTls() throws Exception {
        X509Certificate ca = server.tls().orElseThrow().ca().orElseThrow();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return MqttClient.builder().useMqttVersion5().identifier("bob-tls").serverHost("localhost")
                .serverPort(server.mqttsPort()).sslConfig(MqttClientSslConfig.builder().trustManagerFactory(factory)
                        .build()).buildAsync();
    }
}
