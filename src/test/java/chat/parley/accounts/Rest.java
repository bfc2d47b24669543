package chat.parley.accounts;

import chat.parley.ParleyServer;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** REST and MQTT helpers of the account tests: JSON requests, admin calls, sign-in, MQTT with a password. */
final class Rest {

    private Rest() {
    }

    static RequestSpecification api(ParleyServer server) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).contentType(ContentType.JSON);
    }

    static RequestSpecification admin(ParleyServer server) {
        return api(server).header("Authorization", "Bearer " + server.adminToken().value());
    }

    static String credentials(String user, String password) {
        return "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    /** Creates an account through the admin API. */
    static void addUser(ParleyServer server, String user, String password) {
        admin(server).body(credentials(user, password)).post("/api/admin/users").then().statusCode(201);
    }

    /** Signs in and returns the session token. */
    static String login(ParleyServer server, String user, String password) {
        return api(server).body(credentials(user, password)).post("/api/login").then().statusCode(200)
                .extract().path("token");
    }

    /** Claims a name ({@code auth: open}) and returns its secret. */
    static String claim(ParleyServer server, String user) {
        return api(server).body("{\"user\":\"" + user + "\"}").post("/api/claim").then().statusCode(201)
                .extract().path("secret");
    }

    /** Connects over MQTT 5 with a username and password; the future fails when the server refuses. */
    static Mqtt5AsyncClient connect(ParleyServer server, String user, String password) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildAsync();
        var auth = client.connectWith().simpleAuth().username(user);
        if (password != null) {
            auth.password(password.getBytes(StandardCharsets.UTF_8));
        }
        auth.applySimpleAuth().send().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }
}
