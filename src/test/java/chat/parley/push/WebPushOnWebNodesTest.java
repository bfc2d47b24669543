package chat.parley.push;

import chat.parley.ApiSessions;
import chat.parley.ParleyServer;
import chat.parley.config.ParleyConfig;
import chat.parley.config.PushSettings;
import chat.parley.config.StoreSettings;
import chat.parley.config.WebNodeSettings;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web Push with web nodes: a browser subscribes on a node, with the key pair every node and the broker share in
 * PostgreSQL, and the broker (here a Parley whose embedded broker trusts nodes; in production HiveMQ with the
 * extension) sends the push for a message a node stored and published through it, signed with that key.
 */
class WebPushOnWebNodesTest {

    private static final String SECRET = "a-node-secret-of-32-characters!!";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestPushService service;
    private ParleyServer broker;
    private ParleyServer node;

    @BeforeEach
    void start() {
        service = TestPushService.started();
        var push = new PushSettings(true, "mailto:ops@example.com", List.of(service.origin()));
        StoreSettings shared = PostgresServer.shared().newStore("pushnodes");
        broker = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("broker")).withStore(shared).withPush(push)
                .withWebNode(WebNodeSettings.of("", "", SECRET)));
        node = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("node")).withStore(shared).withPush(push)
                .withWebNode(WebNodeSettings.of("mqtt://127.0.0.1:" + broker.mqttPort(),
                        "ws://127.0.0.1:" + broker.wsPort() + "/mqtt", SECRET)));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable running : new AutoCloseable[] {node, broker, service}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String key(ParleyServer server) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort()).get("/api/push/key").then()
                .statusCode(200).extract().path("key");
    }

    @Test
    void a_mention_posted_on_a_node_is_pushed_by_the_broker_to_a_browser_that_subscribed_on_the_node()
            throws Exception {
        assertThat(key(node)).as("one key pair for the database").isEqualTo(key(broker));
        var bob = ApiSessions.claim(node.httpPort(), "bob");
        var phone = new BrowserSubscription(service.endpoint("/bob-phone"));
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("application/json")
                .auth().oauth2(bob.token()).body(phone.toJson()).post("/api/push/subscriptions").then()
                .statusCode(201);

        var alice = ApiSessions.claim(node.httpPort(), "alice");
        RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                .auth().oauth2(alice.token()).body("@bob the deploy is done")
                .post("/api/rooms/general/messages").then().statusCode(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> service.to("/bob-phone").size() == 1);
        var push = service.to("/bob-phone").get(0);
        var payload = JSON.readTree(phone.decrypt(push.body()));
        assertThat(payload.path("title").asText()).isEqualTo("alice in #general");
        assertThat(payload.path("text").asText()).isEqualTo("@bob the deploy is done");
        assertThat(push.header("Authorization")).as("signed with the shared key").contains(", k=" + key(node));
    }
}
