package chat.parley.web;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import chat.parley.extension.HiveMQProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Parley past one box, as three processes and PostgreSQL: a HiveMQ broker ({@link HiveMQProcess}) loading
 * {@code parley-extension.zip} with its history on the test's PostgreSQL and a node secret, and two Parley web nodes
 * ({@code java -jar parley.jar serve --broker-url …}) on the same database. Browsers open the broker's WebSocket
 * themselves: the web nodes never relay chat.
 */
class WebNodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "web-nodes-it-node-secret";
    private static final String ADMIN_TOKEN = "web-nodes-it-admin-token";

    @TempDir
    Path dir;

    private HiveMQProcess broker;
    private final List<ParleyProcess> nodes = new ArrayList<>();
    private StoreSettings store;
    private int mqttPort;
    private int wsPort;

    @BeforeEach
    void startBrokerAndDatabase() throws IOException, InterruptedException {
        store = PostgresServer.shared().newStore("webnodes");
        mqttPort = HiveMQProcess.freePort();
        wsPort = HiveMQProcess.freePort();
        broker = HiveMQProcess.start(dir.resolve("hivemq"), """
                data-dir: %s
                store: postgresql
                postgres-url: %s
                postgres-user: %s
                node-secret: %s
                webhook-targets: 127.0.0.1
                rate-limit: 1000
                rate-burst: 1000
                """.formatted(dir.resolve("extension-data").toAbsolutePath(), store.postgresUrl(),
                store.postgresUser(), SECRET), mqttPort, wsPort);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        nodes.forEach(ParleyProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    private ParleyProcess node(String name, String... more) {
        var args = new ArrayList<>(List.of("--store", "postgresql", "--postgres-url",
                store.postgresUrl(), "--postgres-user", store.postgresUser(),
                "--broker-url", "mqtt://127.0.0.1:" + mqttPort, "--broker-ws-url", "ws://127.0.0.1:" + wsPort + "/mqtt",
                "--node-secret", SECRET, "--web-push", "false", "--post-rate-limit", "10000",
                "--post-rate-burst", "10000", "--webhook-targets", "127.0.0.1", "--admin-token", ADMIN_TOKEN));
        args.addAll(List.of(more));
        var node = ParleyProcess.start(dir.resolve(name), args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    private static String base(ParleyProcess node) {
        return "http://127.0.0.1:" + node.httpPort();
    }

    private static JsonNode get(ParleyProcess node, String path) throws IOException {
        return JSON.readTree(RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).get(path).then()
                .statusCode(200).extract().asString());
    }

    private static List<String> texts(JsonNode page) {
        var texts = new ArrayList<String>();
        page.path("messages").forEach(m -> texts.add(m.path("text").asText()));
        return texts;
    }

    @Test
    void two_browsers_on_two_nodes_chat_and_one_moves_when_its_node_dies() throws Exception {
        Browser.requireChromium();
        var node1 = node("node1");
        var node2 = node("node2");
        assertThat(get(node1, "/api/info").path("ws").path("url").asText())
                .isEqualTo("ws://127.0.0.1:" + wsPort + "/mqtt");
        try (var alice = Browser.open(base(node1), "/#/r/lobby").join("alice");
             var bob = Browser.open(base(node2), "/#/r/lobby").join("bob")) {
            alice.send("hello from node one");
            bob.waitForMessage("hello from node one");
            bob.send("hello from node two");
            alice.waitForMessage("hello from node two");

            // what a node writes itself (a post over HTTP, a room's name) goes to the broker over its node connection
            var carol = ApiSessions.claim(node2.httpPort(), "carol");
            RestAssured.given().baseUri("http://127.0.0.1").port(node2.httpPort()).contentType("text/plain")
                    .auth().oauth2(carol.token()).body("posted over http on node two")
                    .post("/api/rooms/lobby/messages").then().statusCode(201);
            alice.waitForMessage("posted over http on node two");
            var dave = ApiSessions.claim(node1.httpPort(), "dave");
            RestAssured.given().baseUri("http://127.0.0.1").port(node1.httpPort()).contentType("application/json")
                    .auth().oauth2(dave.token()).body("{\"name\":\"Both lobbies\"}")
                    .put("/api/rooms/lobby/name").then().statusCode(200);
            bob.waitUntil(d -> bob.activeRoom().contains("Both lobbies"));

            // a client that writes someone else's name into "from" is stamped over by the broker's extension
            var mallory = Mqtt.v5(mqttPort, "mallory");
            Mqtt.join(mallory.publishWith().topic("parley/rooms/lobby/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"from\":\"alice\",\"text\":\"forged hello\"}".getBytes(StandardCharsets.UTF_8))
                    .send());
            bob.waitForMessage("forged hello");
            assertThat(bob.messageSender("forged hello")).isEqualTo("mallory");

            // one history, one search index: the same from either node
            JsonNode history1 = get(node1, "/api/rooms/lobby/messages");
            JsonNode history2 = get(node2, "/api/rooms/lobby/messages");
            assertThat(texts(history1)).containsExactly("hello from node one", "hello from node two",
                    "posted over http on node two", "forged hello");
            assertThat(history2.path("messages")).isEqualTo(history1.path("messages"));
            assertThat(history1.path("messages").get(3).path("from").asText()).isEqualTo("mallory");
            JsonNode search1 = get(node1, "/api/search?q=hello&room=lobby");
            assertThat(search1.path("results")).hasSize(3);
            assertThat(get(node2, "/api/search?q=hello&room=lobby").path("results"))
                    .isEqualTo(search1.path("results"));

            node1.kill(); // SIGKILL: no shutdown code runs
            bob.send("while node one was gone");
            alice.waitForMessage("while node one was gone"); // live from the broker, not from node 1

            alice.moveTo(base(node2), "/#/r/lobby"); // a fresh page from node 2, catching up from the history
            alice.waitConnected();
            alice.waitForMessage("while node one was gone");
            bob.send("after the move");
            alice.waitForMessage("after the move");
            assertThat(alice.messageTexts()).containsExactly("hello from node one", "hello from node two",
                    "posted over http on node two", "forged hello", "while node one was gone", "after the move");
            alice.send("alice is back on node two");
            bob.waitForMessage("alice is back on node two");
        }
    }

    @Test
    void a_node_killed_during_a_burst_of_posts_loses_no_acknowledged_message() throws Exception {
        var node1 = node("node1");
        var node2 = node("node2");
        var poster = ApiSessions.claim(node1.httpPort(), "poster");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        var stop = new AtomicBoolean();
        var posters = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) { // four at once, so posts are in flight when the node dies
            int thread = t;
            posters.add(new Thread(() -> {
                for (int i = 0; i < 5000 && !stop.get(); i++) {
                    try {
                        var answer = RestAssured.given().baseUri("http://127.0.0.1").port(node1.httpPort())
                                .contentType("text/plain").auth().oauth2(poster.token())
                                .body("burst " + thread + "-" + i).post("/api/rooms/burst/messages");
                        if (answer.statusCode() == 201) {
                            acknowledged.add(answer.jsonPath().getString("id"));
                        }
                    } catch (Exception e) { // the node is gone (RestAssured rethrows its IOException unchecked)
                        return;
                    }
                }
            }, "burst-" + t));
        }
        long begun = System.nanoTime();
        posters.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 100);
        node1.kill();
        long killedAfterMillis = (System.nanoTime() - begun) / 1_000_000;
        stop.set(true);
        for (Thread burst : posters) {
            burst.join(30_000);
        }

        var stored = new java.util.HashSet<String>();
        long after = 0;
        while (true) {
            JsonNode page = get(node2, "/api/rooms/burst/messages?after=" + after + "&limit=500");
            page.path("messages").forEach(m -> stored.add(m.path("id").asText()));
            if (page.path("messages").isEmpty()) {
                break;
            }
            after = page.path("messages").get(page.path("messages").size() - 1).path("seq").asLong();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);
        System.out.printf("web node burst: %d posts answered 201 (4 posters) in %d ms before SIGKILL, %d stored%n",
                acknowledged.size(), killedAfterMillis, stored.size());
        assertThat(stored).as("every post answered 201 before the kill is in the shared history")
                .containsAll(acknowledged);
    }

    @Test
    void outgoing_webhooks_are_sent_by_whoever_accepted_the_message() throws Exception {
        var received = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()).path("message").path("text")
                    .asText());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            var node = node("node1");
            RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("application/json")
                    .auth().oauth2(ADMIN_TOKEN).body(java.util.Map.of("url", "http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook", "room", "ops"))
                    .post("/api/admin/outgoing-hooks").then().statusCode(201);
            var client = Mqtt.v5(mqttPort, "fay"); // accepted by the broker's extension: it sends the webhook
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Mqtt.join(client.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("published to the broker " + System.nanoTime()).getBytes(StandardCharsets.UTF_8))
                        .send());
                assertThat(received).anyMatch(text -> text.startsWith("published to the broker"));
            });
            var poster = ApiSessions.claim(node.httpPort(), "gus"); // accepted by the node: the node sends it
            RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort()).contentType("text/plain")
                    .auth().oauth2(poster.token()).body("posted on the node").post("/api/rooms/ops/messages").then()
                    .statusCode(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("posted on the node"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void one_node_bridges_what_is_published_to_the_broker_and_a_second_node_may_not() throws Exception {
        try (var remote = chat.parley.bridge.Mosquitto.start(dir.resolve("mosquitto"))) {
            String prefix = "webnodes-" + System.nanoTime();
            var onRemote = new java.util.concurrent.CopyOnWriteArrayList<JsonNode>();
            var spy = Mqtt.v5(remote.port(), null);
            spy.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> {
                try {
                    onRemote.add(JSON.readTree(Mqtt.text(p)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/rooms/+/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .send());
            String[] bridge = {"--bridge-enabled", "true", "--bridge-url", remote.url(), "--bridge-remote-prefix",
                    prefix, "--bridge-rooms", "general"};
            var node = node("node1", bridge);
            String origin = JSON.readTree(RestAssured.given().baseUri("http://127.0.0.1").port(node.httpPort())
                    .auth().oauth2(ADMIN_TOKEN).get("/api/admin/bridge").then().statusCode(200).extract().asString())
                    .path("origin").asText();

            // said through the HiveMQ process (stored by its extension): the node's bridge follows the shared history
            var client = Mqtt.v5(mqttPort, "hana");
            Mqtt.join(client.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("to the other sites".getBytes(StandardCharsets.UTF_8)).send());
            await().atMost(Duration.ofSeconds(30)).until(() -> onRemote.stream()
                    .anyMatch(m -> m.path("text").asText().equals("to the other sites")));
            JsonNode sent = onRemote.stream().filter(m -> m.path("text").asText().equals("to the other sites"))
                    .findFirst().orElseThrow();
            assertThat(sent.path("from").asText()).isEqualTo("hana");
            assertThat(sent.path("oseq").asLong()).isEqualTo(1);
            assertThat(sent.path("origin").asText()).isEqualTo(origin);

            // a second node of the site is refused, and says which process runs the bridge
            assertThatThrownBy(() -> node("node2", bridge)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the bridge already runs in another process of this site")
                    .hasMessageContaining("parley-bridge " + origin);
            Mqtt.join(client.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("said once".getBytes(StandardCharsets.UTF_8)).send());
            await().atMost(Duration.ofSeconds(30)).until(() -> onRemote.stream()
                    .anyMatch(m -> m.path("text").asText().equals("said once")));
            assertThat(onRemote).filteredOn(m -> m.path("text").asText().startsWith("to the other sites")
                    || m.path("text").asText().equals("said once")).hasSize(2);
            spy.disconnect();
        }
    }
}
