package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.Matchers.equalTo;

/** The admin API is closed without the token; with it, a claim can be released. */
class AdminApiTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + parley.server().adminToken().value());
    }

    @Test
    void admin_routes_reject_a_missing_or_wrong_token() {
        api().delete("/api/admin/claims/alice").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"parley-admin\""))
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo("admin routes need the admin token: Authorization: Bearer <token>"));
        api().header("Authorization", "Bearer not-the-token").delete("/api/admin/claims/alice").then().statusCode(401);
        api().header("Authorization", parley.server().adminToken().value()).delete("/api/admin/claims/alice").then()
                .statusCode(401);
        admin().get("/api/admin/nothing-here").then().statusCode(404);
    }

    @Test
    void releasing_a_claim_frees_the_name() {
        api().contentType(ContentType.JSON).body("{\"user\":\"dana\"}").post("/api/claim").then().statusCode(201);
        api().contentType(ContentType.JSON).body("{\"user\":\"dana\"}").post("/api/claim").then().statusCode(409);

        admin().delete("/api/admin/claims/dana").then().statusCode(204);

        api().contentType(ContentType.JSON).body("{\"user\":\"dana\"}").post("/api/claim").then().statusCode(201);
        admin().delete("/api/admin/claims/nobody").then().statusCode(404)
                .body("message", equalTo("the name 'nobody' is not claimed"));
        admin().delete("/api/admin/claims/Not Valid").then().statusCode(400);
    }
}
