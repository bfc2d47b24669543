package chat.parley.tls;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.TlsMode;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/** The local CA survives a restart: phones that trusted it once keep trusting the server. */
class TlsRestartTest {

    @Test
    void a_restarted_server_presents_a_certificate_from_the_same_ca() throws Exception {
        var config = TestServer.ephemeralConfig();
        config = config.withTls(config.tls().withMode(TlsMode.AUTO));
        X509Certificate ca;
        X509Certificate server;
        try (var first = ParleyServer.start(config)) {
            ca = first.tls().orElseThrow().ca().orElseThrow();
            server = first.tls().orElseThrow().certificate();
        }
        try (var second = ParleyServer.start(config)) {
            assertThat(second.tls().orElseThrow().ca()).hasValue(ca);
            assertThat(second.tls().orElseThrow().certificate()).isEqualTo(server);
            var client = TlsClients.mqtt("localhost", second.mqttsPort(), false, ca);
            Mqtt.join(client.connect());
            client.disconnect().join();
        }
    }
}
