package chat.parley;

import chat.parley.config.TlsMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With TLS on, the start-up banner and {@code parley doctor} name the TLS endpoints and the local CA. */
class TlsBannerAndDoctorTest {

    @Test
    void banner_lists_the_tls_endpoints_and_the_ca_link_and_doctor_sees_the_ca() {
        var config = TestServer.ephemeralConfig();
        config = config.withTls(config.tls().withMode(TlsMode.AUTO));
        assertThat(Doctor.tls(config)).first().satisfies(check -> {
            assertThat(check.status()).isEqualTo(Doctor.Check.Status.OK);
            assertThat(check.detail()).contains("a local CA is made at first start");
        });
        try (var server = ParleyServer.start(config)) {
            String banner = StartupBanner.render(server, 1234);
            assertThat(banner)
                    .contains("  Web   http://localhost:" + server.httpPort() + "/")
                    .contains("  TLS   https://localhost:" + server.httpsPort() + "/")
                    .contains("mqtts://localhost:" + server.mqttsPort())
                    .contains("wss://localhost:" + server.wssPort() + "/mqtt")
                    .contains("api/tls/ca.crt");
        }
        assertThat(Doctor.tls(config)).first().satisfies(check -> assertThat(check.detail()).contains("is reused"));
        assertThat(Doctor.tls(config)).extracting(Doctor.Check::what).contains("https port", "mqtts port", "wss port");
    }

    @Test
    void doctor_fails_a_missing_pem_file_with_its_name() throws Exception {
        Path dir = Files.createTempDirectory("parley-doctor-tls");
        var config = TestServer.ephemeralConfig();
        config = config.withTls(config.tls().withPem(dir.resolve("cert.pem"), dir.resolve("key.pem")));
        assertThat(Doctor.tls(config)).first().satisfies(check -> {
            assertThat(check.status()).isEqualTo(Doctor.Check.Status.FAIL);
            assertThat(check.detail()).contains("cert.pem does not exist");
        });
    }
}
