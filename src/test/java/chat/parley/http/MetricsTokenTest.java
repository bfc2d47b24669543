package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.Matchers.containsString;

/** With {@code metrics-public: false}, {@code /metrics} needs the admin token. */
class MetricsTokenTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(config -> config.toBuilder().metricsPublic(false).build());

    @Test
    void metrics_need_the_admin_token() {
        var api = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
        api.get("/metrics").then().statusCode(401);
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .header("Authorization", "Bearer " + parley.server().adminToken().value())
                .get("/metrics").then().statusCode(200).body(containsString("parley_refusals_total"));
    }
}
