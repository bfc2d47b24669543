package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of {@code /api/openapi.json}: each registered route declares who may call it, the document
 * says the same, and a caller without that identity (or a page on another site, for anything that changes state) is
 * refused. A route added without an {@link Access} shows up here as {@code none} and fails the walk.
 */
class RouteAccessTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String EVIL = "https://evil.example";

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static String owner;
    private static String stranger;

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    /** Claims {@code user} and signs in with the secret: the session token (also the cookie's value). */
    private static String session(String user) {
        return chat.parley.ApiSessions.claim(parley.server().httpPort(), user).token();
    }

    @BeforeAll
    static void people() {
        owner = session("owner");
        stranger = session("stranger");
        api().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"room\":\"vault\"}")
                .post("/api/private-rooms").then().statusCode(201);
    }

    /** {@code METHOD path} → {@code x-parley-access} of every operation in the document. */
    private static Map<String, String> documented() {
        JsonPath doc = api().get("/api/openapi.json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        var access = new TreeMap<String, String>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                access.put(method.toUpperCase() + " " + path, String.valueOf(operation.get("x-parley-access")));
            }
        }));
        return access;
    }

    @Test
    void every_registered_route_declares_its_access_and_the_document_says_the_same() {
        var registered = new TreeMap<String, String>();
        parley.server().httpRouteAccess().forEach((route, access) -> {
            if (route.contains(" /api/") || route.endsWith(" /metrics") || route.contains(" /hooks/")
                    || route.endsWith(" /sw.js") || route.endsWith(" /manifest.webmanifest")) {
                registered.put(route, access);
            }
        });
        assertThat(registered).isNotEmpty();
        assertThat(registered).as("routes registered without an Access").doesNotContainValue("none");
        assertThat(documented()).isEqualTo(registered);
    }

    @Test
    void callers_without_the_declared_identity_are_refused() {
        documented().forEach((route, access) -> {
            if (access.equals("public")) {
                return; // calling them proves nothing here (and POST /api/logout would end the stranger's session)
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            int anonymous = call(api(), method, path).statusCode();
            int withStrangersSession = call(api().auth().oauth2(stranger), method, path).statusCode();
            switch (access) {
                case "signed-in" -> assertThat(anonymous).as(route + " anonymous").isEqualTo(401);
                case "room-reader", "room-writer", "room-poster" -> {
                    assertThat(anonymous).as(route + " anonymous").isEqualTo(401);
                    assertThat(withStrangersSession).as(route + " as a non-member").isEqualTo(403);
                }
                case "private-room-member" -> {
                    assertThat(anonymous).as(route + " anonymous").isEqualTo(401);
                    assertThat(withStrangersSession).as(route + " as a non-member").isEqualTo(404);
                }
                case "hook" -> {
                    assertThat(anonymous).as(route + " with a made-up token").isEqualTo(404);
                    assertThat(withStrangersSession).as(route + " with a session").isEqualTo(404);
                }
                case "file-reader" -> {
                    // a file id is never confirmed: no such file and a file one may not read are the same 404
                    assertThat(anonymous).as(route + " anonymous").isEqualTo(404);
                    assertThat(withStrangersSession).as(route + " as a non-member").isEqualTo(404);
                }
                case "admin" -> {
                    assertThat(anonymous).as(route + " anonymous").isEqualTo(401);
                    assertThat(withStrangersSession).as(route + " with a user's session").isEqualTo(401);
                }
                default -> throw new AssertionError(route + " has no known x-parley-access: " + access);
            }
        });
    }

    @Test
    void no_state_changing_route_can_be_called_from_another_site() {
        // An incoming webhook's URL is its own capability: tools on other hosts post to it, with no ambient credential.
        documented().keySet().stream().filter(route -> STATE_CHANGING.contains(route.substring(0, route.indexOf(' '))))
                .filter(route -> !route.contains(" /hooks/"))
                .forEach(route -> {
                    String method = route.substring(0, route.indexOf(' '));
                    String path = concrete(route.substring(route.indexOf(' ') + 1));
                    Response crossSite = call(api().cookie("parley_session", owner).header("Origin", EVIL),
                            method, path);
                    assertThat(crossSite.statusCode()).as(route + " from " + EVIL).isEqualTo(403);
                    assertThat(crossSite.jsonPath().getString("error")).as(route).isEqualTo("cross_origin");
                    Response form = api().cookie("parley_session", owner).contentType("text/plain").body("{}")
                            .request(method, path);
                    assertThat(form.statusCode()).as(route + " with a text/plain body").isEqualTo(403);
                    // uploads take any body, but a cookie's needs the header no form can send
                    assertThat(form.jsonPath().getString("error")).as(route).isEqualTo(route.endsWith("/files")
                            ? "upload_header_required" : "json_required");
                });
    }

    /** A JSON request; POST and PUT carry an empty object, which is enough to reach the checks. */
    private static Response call(RequestSpecification spec, String method, String path) {
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            spec = spec.contentType(ContentType.JSON).body("{}");
        }
        return spec.request(method, path);
    }

    /**
     * The path with sample parameters: the private room {@code vault} (the owner's), the owner's name, a bot and a
     * webhook token that do not exist.
     */
    private static String concrete(String template) {
        return template.replace("{room}", "vault").replace("{user}", "owner").replace("{id}", "nobody")
                .replace("{seq}", "1").replace("{bot}", "nobot").replace("{token}", "made-up");
    }
}
