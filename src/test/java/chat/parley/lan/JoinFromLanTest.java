package chat.parley.lan;

import chat.parley.ParleyServer;
import chat.parley.TestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A real server with discovery on, bound to loopback: its QR endpoint and its mDNS advertisement. */
class JoinFromLanTest {

    private static ParleyServer server;

    @BeforeAll
    static void start() {
        server = ParleyServer.start(TestServer.ephemeralConfig().withDiscovery(true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response qr(String query) {
        return RestAssured.given().port(server.httpPort()).get("/api/qr.svg" + query);
    }

    @Test
    void qr_svg_of_a_room_invite_decodes_back_to_the_invite_url() {
        Response response = qr("?room=general");
        response.then().statusCode(200).contentType("image/svg+xml");
        assertThat(QrDecoder.decodeSvg(response.asString()))
                .isEqualTo("http://localhost:" + server.httpPort() + "/#/r/general");
    }

    @Test
    void qr_svg_without_a_room_is_the_web_client_and_keeps_the_host_the_phone_can_reach() {
        Response response = RestAssured.given().port(server.httpPort()).header("Host", "chat.lab.example:8443")
                .header("X-Forwarded-Proto", "https").get("/api/qr.svg");
        response.then().statusCode(200);
        assertThat(QrDecoder.decodeSvg(response.asString())).isEqualTo("https://chat.lab.example:8443/");
    }

    @Test
    void qr_svg_refuses_a_bad_room_id_in_the_error_shape() {
        qr("?room=Not%20A%20Room").then().statusCode(400).body("status", equalTo(400))
                .body("error", equalTo("bad_request"))
                .body("message", equalTo("room id must match [a-z0-9][a-z0-9_-]{0,63}"));
    }

    @Test
    void the_server_is_found_by_a_second_mdns_instance_on_loopback() {
        var found = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .until(() -> Discovery.browse(InetAddress.getLoopbackAddress(), Duration.ofSeconds(2)),
                        list -> list.stream().anyMatch(s -> s.httpPort() == server.httpPort()));
        DiscoveredServer parley = found.stream().filter(s -> s.httpPort() == server.httpPort()).findFirst()
                .orElseThrow();
        assertThat(parley.host()).isEqualTo("127.0.0.1");
        assertThat(parley.mqttPort()).isEqualTo(server.mqttPort());
        assertThat(parley.wsPort()).isEqualTo(server.wsPort());
        assertThat(parley.wsPath()).isEqualTo("/mqtt");
        assertThat(parley.auth()).isEqualTo("open");
        assertThat(parley.tls()).isFalse();
        assertThat(parley.name()).startsWith(server.config().name());
    }
}
