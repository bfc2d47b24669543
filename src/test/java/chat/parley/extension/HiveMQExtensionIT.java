package chat.parley.extension;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code parley-extension.zip} in a HiveMQ broker Parley does not start: HiveMQ CE's own server class in a process of
 * its own, with a home folder holding {@code conf/config.xml} and {@code extensions/parley-extension/} unzipped from
 * the build. The broker's class path is this JVM's without Parley's own classes and without the libraries HiveMQ does
 * not ship that the chat rules use (SQLite, YAML, Micrometer …), so those come only from the zip, as in a HiveMQ
 * installation: leaving one out of the zip fails here.
 */
class HiveMQExtensionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jars on the test's class path that a HiveMQ installation does not have, by the start of their file name. */
    private static final List<String> NOT_IN_HIVEMQ = List.of("sqlite-jdbc", "snakeyaml", "jackson-dataformat-yaml",
            "micrometer-", "prometheus-metrics-", "HdrHistogram", "LatencyUtils", "tika-core", "imageio-",
            "common-image", "common-io", "common-lang", "commons-imaging", "javalin", "jetty-", "hivemq-mqtt-client",
            "picocli", "jline", "jmdns", "postgresql-", "HikariCP");

    @TempDir
    Path dir;

    private Process broker;
    private final List<String> brokerOutput = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    @Test
    void the_chat_rules_run_in_a_hivemq_broker_from_the_zip() throws Exception {
        Path data = dir.resolve("parley-data");
        // What only Parley's web side makes (claimed names, a private room) is made by a Parley server first.
        ApiSessions.Claimed alice;
        ApiSessions.Claimed carol;
        try (var parley = ParleyServer.start(ParleyConfig.ephemeral(data))) {
            alice = ApiSessions.claim(parley.httpPort(), "alice");
            carol = ApiSessions.claim(parley.httpPort(), "carol");
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).contentType("application/json")
                    .auth().oauth2(alice.token()).body("{\"room\":\"plans\"}").post("/api/private-rooms").then()
                    .statusCode(201);
        }
        int mqttPort = freePort();
        startHiveMQ(data, mqttPort);

        var reader = Mqtt.subscribe(Mqtt.v5(mqttPort, "bob"), "parley/rooms/general/messages");
        Mqtt5AsyncClient aliceClient = connect(mqttPort, "alice", alice.secret());
        Mqtt.join(aliceClient.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"forged-1\",\"from\":\"mallory\",\"text\":\"hello from the extension\"}"
                        .getBytes(StandardCharsets.UTF_8)).send());
        // the PUBACK is back: the message must already be in the store's file
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("parley.db"));
             var query = db.prepareStatement("SELECT sender, seq FROM messages WHERE room = ? AND msg_id = ?")) {
            query.setString(1, "general");
            query.setString(2, "forged-1");
            try (var row = query.executeQuery()) {
                assertThat(row.next()).as("stored before the PUBACK").isTrue();
                assertThat(row.getString("sender")).isEqualTo("alice");
                assertThat(row.getLong("seq")).isPositive();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isEmpty());
        var delivered = JSON.readTree(Mqtt.text(reader.get(0)));
        assertThat(delivered.path("from").asText()).as("the forged from is stamped over").isEqualTo("alice");
        assertThat(delivered.path("text").asText()).isEqualTo("hello from the extension");
        assertThat(delivered.path("seq").asLong()).isPositive();

        assertThatThrownBy(() -> aliceClient.publishWith().topic("parley/rooms/general/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("{\"text\": not json".getBytes(StandardCharsets.UTF_8)).send()
                .join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));

        Mqtt5AsyncClient carolClient = connect(mqttPort, "carol", carol.secret());
        assertThatThrownBy(() -> carolClient.subscribeWith().topicFilter("parley/rooms/plans/messages").send().join())
                .as("a non-member may not read a private room")
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(Mqtt5SubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCodes())
                                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        var granted = Mqtt.join(aliceClient.subscribeWith().topicFilter("parley/rooms/plans/messages")
                .qos(MqttQos.AT_LEAST_ONCE).send());
        assertThat(granted.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @Test
    void with_store_postgresql_the_broker_shares_sessions_rooms_and_history_with_a_parley_web_node() throws Exception {
        StoreSettings store = PostgresServer.shared().newStore("extension");
        try (var parley = ParleyServer.start(ParleyConfig.ephemeral(dir.resolve("web-node")).withStore(store))) {
            ApiSessions.Claimed alice = ApiSessions.claim(parley.httpPort(), "alice");
            ApiSessions.Claimed carol = ApiSessions.claim(parley.httpPort(), "carol");
            int mqttPort = freePort();
            startHiveMQ(dir.resolve("broker-data"), mqttPort, "store: postgresql\npostgres-url: "
                    + store.postgresUrl() + "\npostgres-user: " + store.postgresUser() + "\n");

            // the web node's session token is alice's MQTT password on the broker; what she says is in the history
            Mqtt5AsyncClient aliceClient = connect(mqttPort, "alice", alice.token());
            Mqtt.join(aliceClient.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":\"via-broker\",\"text\":\"stored in postgres\"}"
                            .getBytes(StandardCharsets.UTF_8)).send());
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort())
                    .get("/api/rooms/general/messages").then().statusCode(200)
                    .body("messages.text", org.hamcrest.Matchers.hasItem("stored in postgres"));

            // a private room made on the web node while the broker runs is closed to non-members there too
            RestAssured.given().baseUri("http://127.0.0.1").port(parley.httpPort()).contentType("application/json")
                    .auth().oauth2(alice.token()).body("{\"room\":\"later\"}").post("/api/private-rooms").then()
                    .statusCode(201);
            Mqtt5AsyncClient carolClient = connect(mqttPort, "carol", carol.token());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    carolClient.subscribeWith().topicFilter("parley/rooms/later/messages").send().join();
                    return false;
                } catch (CompletionException e) {
                    return e.getCause() instanceof Mqtt5SubAckException refused && refused.getMqttMessage()
                            .getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
                }
            });
        }
    }

    private static Mqtt5AsyncClient connect(int port, String user, String secret) {
        var client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username(user)
                .password(secret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        return client;
    }

    private void startHiveMQ(Path data, int mqttPort) throws IOException {
        startHiveMQ(data, mqttPort, "");
    }

    /**
     * A HiveMQ home with the unzipped extension (its settings pointed at {@code data}, plus {@code settings}), run by
     * HiveMQ's main.
     */
    private void startHiveMQ(Path data, int mqttPort, String settings) throws IOException {
        Path zip = Path.of(System.getProperty("parley.extension.zip", "target/parley-extension.zip"));
        assertThat(zip).as("built by mvn package").isRegularFile();
        Path home = Files.createDirectories(dir.resolve("hivemq"));
        unzip(zip, Files.createDirectories(home.resolve("extensions")));
        Path extension = home.resolve("extensions").resolve("parley-extension");
        assertThat(extension.resolve("hivemq-extension.xml")).isRegularFile();
        Files.writeString(extension.resolve("conf").resolve("parley.yml"), "data-dir: " + data.toAbsolutePath()
                + "\nrate-limit: 1000\nrate-burst: 1000\n" + settings);
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf").resolve("config.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                    </listeners>
                    <persistence><mode>in-memory</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(mqttPort));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhivemq.home=" + home.toAbsolutePath(), "-cp", brokerClassPath(), "com.hivemq.HiveMQServer");
        broker = new ProcessBuilder(command).redirectErrorStream(true).start();
        pump(broker.getInputStream());
        await().atMost(Duration.ofSeconds(90)).until(() -> !broker.isAlive() || started("Parley chat rules")
                || brokerOutput.stream().anyMatch(line -> line.contains("ERROR")));
        assertThat(started("Parley chat rules")).as("the extension started: %s", brokerOutput).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(mqttPort));
    }

    private boolean started(String name) {
        return brokerOutput.stream().anyMatch(line -> line.contains("Extension \"" + name + "\"")
                && line.contains("started successfully"));
    }

    /** This JVM's class path as the broker's: jars only (not Parley's classes), none that HiveMQ does not ship. */
    private static String brokerClassPath() {
        var entries = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (Files.isRegularFile(path) && name.endsWith(".jar")
                    && NOT_IN_HIVEMQ.stream().noneMatch(name::startsWith)) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("HiveMQ itself is on the class path")
                .anyMatch(entry -> entry.contains("hivemq-community-edition-embedded"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (var file = new ZipFile(zip.toFile())) {
            for (var entry : java.util.Collections.list(file.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                assertThat(target).startsWithRaw(into);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private void pump(InputStream output) {
        Thread thread = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(output,
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(brokerOutput::add);
            } catch (IOException ignored) {
                // the broker stopped
            }
        }, "hivemq-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean listening(int port) {
        try (var socket = new java.net.Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
