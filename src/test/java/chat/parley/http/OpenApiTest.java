package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/openapi.json} describes exactly the routes the server registers: no more, no fewer. */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @Test
    void the_document_lists_every_registered_route_and_nothing_else() {
        JsonPath doc = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/api/openapi.json").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(doc.getString("openapi")).startsWith("3.");

        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        var documented = new TreeSet<String>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));

        var registered = new TreeSet<String>();
        parley.server().httpRoutes().stream()
                .filter(route -> route.contains(" /api/") || route.endsWith(" /metrics") || route.contains(" /hooks/")
                        || route.endsWith(" /sw.js") || route.endsWith(" /manifest.webmanifest"))
                .forEach(registered::add);

        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void every_operation_has_a_summary_and_every_admin_route_needs_the_token() {
        JsonPath doc = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/api/openapi.json").jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            assertThat(operation.get("summary")).as(method + " " + path).isNotNull();
            assertThat(operation.get("responses")).as(method + " " + path).isNotNull();
            if (path.startsWith("/api/admin/")) {
                assertThat(operation.get("security")).as(method + " " + path).isNotNull();
            }
        }));
    }
}
