package chat.parley.tls;

import chat.parley.TestServer;
import chat.parley.lan.QrDecoder;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code tls: pem} the QR code invites to the HTTPS page for a host name (the certificate is the user's, made
 * for their names), and keeps the plain page for an address the certificate may not name.
 */
class PemInviteTest {

    private static final Path DIR = pemFiles();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(c -> c.withTls(c.tls()
            .withPem(DIR.resolve("cert.pem"), DIR.resolve("key.pem"))));

    private static Path pemFiles() {
        try {
            var keys = TestCerts.ec();
            Path dir = Files.createTempDirectory("parley-pem-invite");
            Files.writeString(dir.resolve("cert.pem"), Pem.toPem(TestCerts.selfSigned(keys)));
            Files.writeString(dir.resolve("key.pem"), TestCerts.traditionalPem(keys));
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String invite(String host) {
        return QrDecoder.decodeSvg(RestAssured.given().port(parley.server().httpPort()).header("Host", host)
                .get("/api/qr.svg").then().statusCode(200).extract().asString());
    }

    @Test
    void a_host_name_is_invited_to_https_and_an_address_stays_on_the_plain_page() {
        int http = parley.server().httpPort();
        assertThat(invite("chat.example.org:" + http)).isEqualTo("https://chat.example.org:"
                + parley.server().httpsPort() + "/");
        assertThat(invite("192.168.1.20:" + http)).isEqualTo("http://192.168.1.20:" + http + "/");
    }
}
