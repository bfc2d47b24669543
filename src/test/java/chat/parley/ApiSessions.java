package chat.parley;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON requests signed in as a claimed name ({@code auth: open}: claim, then {@code POST /api/login} with the secret),
 * for tests of routes that change something, such as making a room encrypted. One name and session per server.
 */
public final class ApiSessions {

    private static final Map<Integer, String> TOKENS = new ConcurrentHashMap<>();

    private ApiSessions() {
    }

    /** Requests to the server on {@code httpPort} with a bearer session and {@code Content-Type: application/json}. */
    public static RequestSpecification signedIn(int httpPort) {
        String token = TOKENS.computeIfAbsent(httpPort, port -> claim(port, "keeper" + port).token());
        return json(httpPort).auth().oauth2(token);
    }

    /** A name claimed and signed in: its secret (the MQTT password) and its session token. */
    public record Claimed(String user, String secret, String token) {
    }

    /** Claims {@code user} on the server on {@code httpPort} and signs in with the secret. */
    public static Claimed claim(int httpPort, String user) {
        String secret = json(httpPort).body("{\"user\":\"" + user + "\"}").post("/api/claim").then().statusCode(201)
                .extract().path("secret");
        String token = json(httpPort).body("{\"user\":\"" + user + "\",\"password\":\"" + secret + "\"}")
                .post("/api/login").then().statusCode(200).extract().path("token");
        return new Claimed(user, secret, token);
    }

    private static RequestSpecification json(int port) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port).contentType("application/json");
    }
}
