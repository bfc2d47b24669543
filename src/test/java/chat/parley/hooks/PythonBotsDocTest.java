package chat.parley.hooks;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.config.WebhookTargets;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Python programs of docs/bots.md, taken from the document as written (only the port changes: there localhost's
 * 1883 and 9000) and run with python3 and Debian's paho-mqtt: the MQTT bot answers a mention once and stops at a wrong
 * token; the outgoing-webhook receiver checks Parley's real signature, its answer is posted as the bot, and it refuses
 * a request with a bad signature.
 */
class PythonBotsDocTest {

    private static final Path DOC = Path.of("docs/bots.md");

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED)
            .withHooks(config.hooks().withWebhookTargets(WebhookTargets.parse("127.0.0.1"))));

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needsPython() {
        Python.require();
    }

    @AfterEach
    void stopPrograms() {
        started.forEach(Python::stop);
    }

    private static AdminApi admin() {
        return new AdminApi(parley.server());
    }

    /** The doc's MQTT bot, connecting to the test server's MQTT port. */
    private Path bot() throws IOException {
        String code = DocCode.replaceOnce(DocCode.block(DOC, "python", "import paho.mqtt.client"),
                "client.connect(\"localhost\", 1883)",
                "client.connect(\"127.0.0.1\", " + parley.server().mqttPort() + ")");
        return Files.writeString(dir.resolve("echo.py"), code);
    }

    /** The doc's webhook receiver, listening on {@code port}. */
    private Path receiver(int port) throws IOException {
        String code = DocCode.replaceOnce(DocCode.block(DOC, "python", "HTTPServer("),
                "HTTPServer((\"127.0.0.1\", 9000), Hook)", "HTTPServer((\"127.0.0.1\", " + port + "), Hook)");
        return Files.writeString(dir.resolve("helper.py"), code);
    }

    private Process run(Path script, Map<String, String> env, Path log) {
        Process process = Python.run(script, env, log);
        started.add(process);
        return process;
    }

    private static String say(String user, String room, String text) {
        var client = Mqtt.v5(parley.server().mqttPort(), user);
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
        Mqtt.join(client.disconnect());
        return admin().api().get("/api/rooms/" + room + "/messages").then().statusCode(200).extract().jsonPath()
                .getString("messages.find { it.text == '" + text + "' }.id");
    }

    private static List<Map<String, Object>> messagesFrom(String room, String from) {
        return admin().api().get("/api/rooms/" + room + "/messages").then().statusCode(200).extract().jsonPath()
                .getList("messages.findAll { it.from == '" + from + "' }");
    }

    @Test
    void the_documented_paho_bot_answers_a_mention_once_as_a_bot() throws IOException {
        Path log = dir.resolve("echo.log");
        Process bot = run(bot(), Map.of("T", admin().bot("echo")), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> said(bot, log, "echo: listening for @echo"));

        say("gina", "echoes", "nobody called");
        String mention = say("gina", "echoes", "hi @echo");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> answers = messagesFrom("echoes", "echo");
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0)).containsEntry("text", "you said: hi @echo").containsEntry("bot", true)
                    .containsEntry("replyTo", mention);
        });
        // Its answer says "@echo" too: one more mention would show here if it answered itself.
        say("gina", "echoes", "after the answer");
        assertThat(messagesFrom("echoes", "echo")).hasSize(1);
        assertThat(Files.readString(log)).doesNotContain("Traceback");
    }

    @Test
    void the_documented_paho_bot_stops_with_one_line_at_a_wrong_token() throws Exception {
        // A bot of its own: the other test's "echo" may not exist yet, and without a bot of that name any password
        // would do (it would connect as a person).
        admin().bot("echo2");
        Path script = Files.writeString(dir.resolve("echo2.py"), Files.readString(bot())
                .replace("NAME = \"echo\"", "NAME = \"echo2\"")
                .replace("client_id=\"echo-bot\"", "client_id=\"echo2-bot\""));
        Path log = dir.resolve("echo2.log");
        Process bot = run(script, Map.of("T", "pbot_not-the-token"), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> !bot.isAlive());
        assertThat(bot.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log).strip()).startsWith("echo2: connection refused: ")
                .doesNotContain("Traceback").doesNotContain("listening");
    }

    @Test
    void the_documented_receiver_verifies_parleys_signature_and_its_answer_is_posted_as_the_bot() throws Exception {
        int port = freePort();
        admin().bot("helper");
        JsonPath hook = admin().admin().body(Map.of("url", "http://127.0.0.1:" + port + "/helper", "bot", "helper"))
                .post("/api/admin/outgoing-hooks").then().statusCode(201).extract().jsonPath();
        Path log = dir.resolve("helper.log");
        Process receiver = run(receiver(port), Map.of("SECRET", hook.getString("secret")), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> said(receiver, log, "") && listening(port));

        String mention = say("erin", "lobby", "hey @helper ping");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> answers = messagesFrom("lobby", "helper");
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0)).containsEntry("text", "you said: hey @helper ping").containsEntry("bot", true)
                    .containsEntry("replyTo", mention);
        });
        admin().admin().get("/api/admin/outgoing-hooks").then().statusCode(200)
                .body("hooks.find { it.id == " + hook.getLong("id") + " }.lastStatus", equalTo(200));

        String forged = "{\"message\":{\"text\":\"hey @helper, give me the keys\"}}";
        var direct = RestAssured.given().baseUri("http://127.0.0.1").port(port).contentType("application/json");
        direct.header("X-Parley-Signature-256", "sha256=" + "0".repeat(64)).body(forged).post("/helper")
                .then().statusCode(401);
        RestAssured.given().baseUri("http://127.0.0.1").port(port).contentType("application/json").body(forged)
                .post("/helper").then().statusCode(401);
        assertThat(Files.readString(log)).doesNotContain("Traceback");
    }

    @Test
    void the_documented_verify_function_accepts_parleys_signature_and_nothing_else() throws Exception {
        try (var receiver = WebhookReceiver.started()) {
            String secret = admin().admin().body(Map.of("url", receiver.url("/ops"), "room", "ops"))
                    .post("/api/admin/outgoing-hooks").then().statusCode(201).extract().path("secret");
            say("dana", "ops", "v2 shipped — ünïcode too");
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.requests().isEmpty());
            var delivery = receiver.requests().get(0);
            Path body = Files.writeString(dir.resolve("body.json"), delivery.body());
            // The doc's function, then calls of it: the real delivery, a changed body, another secret.
            Path script = Files.writeString(dir.resolve("verify.py"), DocCode.block(DOC, "python", "def verify(") + """
                    import os
                    body, header = open(os.environ["BODY"], "rb").read(), os.environ["HEADER"]
                    print(verify(os.environ["SECRET"], body, header), verify(os.environ["SECRET"], body + b" ", header),
                          verify("pwhs_another", body, header))
                    """);
            Path log = dir.resolve("verify.log");
            Process verify = run(script, Map.of("BODY", body.toString(), "SECRET", secret,
                    "HEADER", delivery.header("X-Parley-Signature-256")), log);
            await().atMost(Duration.ofSeconds(30)).until(() -> !verify.isAlive());
            assertThat(Files.readString(log).strip()).isEqualTo("True False False");
        }
    }

    /** Whether the program has written {@code text}; fails at once, with what it wrote, if it has ended. */
    private static boolean said(Process process, Path log, String text) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the program ended (exit " + process.exitValue() + "):\n" + Files.readString(log));
        }
        return Files.readString(log).contains(text);
    }

    private static boolean listening(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
