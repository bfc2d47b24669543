package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Health, info, the static page and the API's error shape. */
class InfoApiTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    @Test
    void health_reports_broker_and_http_up() {
        api().get("/api/health").then()
                .statusCode(200)
                .body("status", equalTo("up"))
                .body("broker", equalTo("up"))
                .body("http", equalTo("up"));
    }

    @Test
    void info_names_the_endpoints_by_the_host_the_client_used() {
        api().header("Host", "chat.example.lan:" + parley.server().httpPort()).get("/api/info").then()
                .statusCode(200)
                .body("name", equalTo("Parley"))
                .body("auth", equalTo("open"))
                .body("prefix", equalTo("parley"))
                .body("mqtt.port", equalTo(parley.server().mqttPort()))
                .body("mqtt.url", equalTo("mqtt://chat.example.lan:" + parley.server().mqttPort()))
                .body("ws.port", equalTo(parley.server().wsPort()))
                .body("ws.path", equalTo("/mqtt"))
                .body("ws.url", equalTo("ws://chat.example.lan:" + parley.server().wsPort() + "/mqtt"))
                .body("limits.maxTextChars", equalTo(4000));
    }

    @Test
    void behind_a_tls_proxy_the_browser_is_sent_to_the_proxys_wss_mqtt_path() {
        api().header("Host", "chat.example.org").header("X-Forwarded-Proto", "https").get("/api/info").then()
                .statusCode(200)
                .body("ws.url", equalTo("wss://chat.example.org/mqtt"));
        api().header("X-Forwarded-Host", "chat.example.org:8443").header("X-Forwarded-Proto", "https")
                .get("/api/info").then()
                .body("ws.url", equalTo("wss://chat.example.org:8443/mqtt"));
    }

    @Test
    void unknown_api_route_answers_with_the_error_shape() {
        api().get("/api/no-such-thing").then()
                .statusCode(404)
                .body("status", equalTo(404))
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no such API route: GET /api/no-such-thing"));
    }

    @Test
    void root_serves_the_web_page_from_the_jar() {
        api().get("/").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .body(containsString("<title>Parley</title>"));
    }
}
