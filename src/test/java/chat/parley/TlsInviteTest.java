package chat.parley;

import chat.parley.config.TlsMode;
import chat.parley.lan.QrDecoder;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code tls: auto} a phone is sent to the HTTPS page (a secure context: the app installs, works offline and
 * notifies), by the console's QR code and by {@code /api/qr.svg}, even when the QR code was asked for over plain HTTP;
 * the page's local CA is a download away.
 */
class TlsInviteTest {

    private static ParleyServer server;

    @BeforeAll
    static void start() {
        var config = TestServer.ephemeralConfig();
        server = ParleyServer.start(config.withTls(config.tls().withMode(TlsMode.AUTO)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_qr_code_asked_for_over_plain_http_invites_to_the_https_page() {
        var response = RestAssured.given().port(server.httpPort()).get("/api/qr.svg?room=general");
        response.then().statusCode(200).contentType("image/svg+xml");
        assertThat(QrDecoder.decodeSvg(response.asString()))
                .isEqualTo("https://localhost:" + server.httpsPort() + "/#/r/general");
    }

    @Test
    void the_qr_code_keeps_a_phone_reachable_name_and_a_proxy_decides_for_itself() {
        var lanName = RestAssured.given().port(server.httpPort()).header("Host", "chat.lan:" + server.httpPort())
                .get("/api/qr.svg");
        assertThat(QrDecoder.decodeSvg(lanName.asString())).isEqualTo("https://chat.lan:" + server.httpsPort() + "/");
        var proxied = RestAssured.given().port(server.httpPort()).header("Host", "chat.example.com")
                .header("X-Forwarded-Proto", "https").get("/api/qr.svg");
        assertThat(QrDecoder.decodeSvg(proxied.asString())).isEqualTo("https://chat.example.com/");
    }

    @Test
    void the_console_qr_code_is_the_https_page_and_the_ca_is_served_over_plain_http() {
        assertThat(StartupBanner.inviteUrl(server, "192.168.1.20"))
                .isEqualTo("https://192.168.1.20:" + server.httpsPort() + "/");
        assertThat(StartupBanner.joinQr(StartupBanner.inviteUrl(server, "192.168.1.20")))
                .startsWith("Scan to join https://192.168.1.20:" + server.httpsPort() + "/");
        RestAssured.given().port(server.httpPort()).get("/api/tls/ca.crt").then().statusCode(200)
                .contentType("application/x-x509-ca-cert");
    }
}
