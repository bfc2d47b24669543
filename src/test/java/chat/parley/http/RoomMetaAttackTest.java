package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.e2e.KdfParams;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Attacks on {@code /api/rooms/{room}/meta} and on the session cookie from other web pages: each was possible before
 * the access declarations and {@link CsrfGuard} (anyone could make any empty room encrypted for good, from any page).
 */
class RoomMetaAttackTest {

    private static final String EVIL = "https://evil.example";

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(config -> config.withAllowedOrigins(java.util.List.of("https://chat.example.com")));

    private static String owner;
    private static String stranger;

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    /** Claims {@code user} and signs in with the secret: the session token (also the cookie's value). */
    private static String session(String user) {
        return chat.parley.ApiSessions.claim(parley.server().httpPort(), user).token();
    }

    private static String metaBody() {
        return "{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":" + KdfParams.DEFAULT_N
                + ",\"r\":8,\"p\":1,\"salt\":\"" + KdfParams.fresh().saltText() + "\"}}";
    }

    @BeforeAll
    static void people() {
        owner = session("owner");
        stranger = session("stranger");
        api().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"room\":\"vault\"}")
                .post("/api/private-rooms").then().statusCode(201);
    }

    @Test
    void an_anonymous_caller_cannot_encrypt_a_room() {
        api().contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/open-plans/meta")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        api().get("/api/rooms/open-plans/meta").then().statusCode(200).body("encrypted", equalTo(false));
    }

    @Test
    void a_text_plain_body_with_a_valid_cookie_is_refused() {
        api().cookie("parley_session", owner).contentType("text/plain").body(metaBody())
                .post("/api/rooms/plain-attack/meta")
                .then().statusCode(403).body("error", equalTo("json_required"))
                .body("message", containsString("application/json"));
        api().cookie("parley_session", owner).contentType("application/x-www-form-urlencoded")
                .body("encrypted=true").post("/api/rooms/plain-attack/meta")
                .then().statusCode(403).body("error", equalTo("json_required"));
        api().get("/api/rooms/plain-attack/meta").then().statusCode(200).body("encrypted", equalTo(false));
    }

    @Test
    void a_cookie_request_from_another_origin_is_refused_and_the_own_origin_passes() {
        int port = parley.server().httpPort();
        api().cookie("parley_session", owner).header("Origin", EVIL).contentType(ContentType.JSON).body(metaBody())
                .post("/api/rooms/cross-site/meta")
                .then().statusCode(403).body("error", equalTo("cross_origin"))
                .body("message", containsString("allowed-origins"));
        api().cookie("parley_session", owner).header("Origin", "http://127.0.0.1:" + (port + 1))
                .contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/cross-site/meta")
                .then().statusCode(403);
        api().get("/api/rooms/cross-site/meta").then().statusCode(200).body("encrypted", equalTo(false));

        api().cookie("parley_session", owner).header("Origin", "http://127.0.0.1:" + port)
                .contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/cross-site/meta")
                .then().statusCode(201).body("encrypted", equalTo(true));
        api().cookie("parley_session", owner).header("Origin", "https://chat.example.com")
                .contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/listed-origin/meta")
                .then().statusCode(201);
    }

    @Test
    void origin_rules_cover_sign_in_and_bodiless_routes_but_not_bearer_scripts() {
        api().header("Origin", EVIL).contentType(ContentType.JSON).body("{\"user\":\"owner\",\"password\":\"x\"}")
                .post("/api/login").then().statusCode(403).body("error", equalTo("cross_origin"));
        api().cookie("parley_session", stranger).header("Origin", EVIL).post("/api/logout")
                .then().statusCode(403);
        api().auth().oauth2(stranger).get("/api/session").then().statusCode(200); // still signed in

        // A script with a bearer token has no ambient credential to abuse: its Origin does not matter, JSON does.
        api().auth().oauth2(owner).header("Origin", EVIL).contentType(ContentType.JSON).body(metaBody())
                .post("/api/rooms/by-script/meta").then().statusCode(201);
        api().auth().oauth2(owner).contentType("text/plain").body(metaBody()).post("/api/rooms/by-script-2/meta")
                .then().statusCode(403).body("error", equalTo("json_required"));
    }

    @Test
    void a_non_member_cannot_read_or_change_a_private_rooms_meta() {
        api().get("/api/rooms/vault/meta").then().statusCode(401);
        api().auth().oauth2(stranger).get("/api/rooms/vault/meta").then().statusCode(403)
                .body("error", equalTo("forbidden"));
        api().auth().oauth2(stranger).contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/vault/meta")
                .then().statusCode(403);
        api().get("/api/rooms/dm:owner:stranger/meta").then().statusCode(401);
        api().auth().oauth2(owner).get("/api/rooms/vault/meta").then().statusCode(200)
                .body("encrypted", equalTo(false));
        api().auth().oauth2(owner).contentType(ContentType.JSON).body(metaBody()).post("/api/rooms/vault/meta")
                .then().statusCode(201);
    }
}
