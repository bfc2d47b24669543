package chat.parley.cli;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The terminal client against the real server, driven through its streams (piped mode). */
class ChatClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room, config);
    }


    private List<JsonNode> history(String room) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + parley.server().httpPort() + "/api/rooms/" + room + "/messages?limit=500")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var messages = new ArrayList<JsonNode>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).path("messages").forEach(messages::add);
        }
        return messages;
    }

    @Test
    void two_terminal_clients_chat_with_each_other() {
        try (var alice = CliRun.started(options("alice", "lobby"), "alice");
             var bob = CliRun.started(options("bob", "lobby"), "bob")) {
            alice.line("hello bob");
            bob.waitForOut("alice: hello bob");
            bob.line("hi alice, it's me!");
            alice.waitForOut("bob: hi alice, it's me!");
            assertThat(alice.out()).doesNotContain("alice: hello bob"); // piped lines are not echoed back
            assertThat(bob.outLines()).anyMatch(line -> line.matches("\\d\\d:\\d\\d alice: hello bob"));
        }
    }

    @Test
    void the_terminal_client_and_a_plain_mqtt_client_understand_each_other() {
        var tool = Mqtt.v5(parley.server().mqttPort(), "tool");
        var inbox = Mqtt.subscribe(tool, "parley/rooms/interop/messages");
        try (var carol = CliRun.started(options("carol", "interop"), "carol")) {
            carol.line("from the terminal");
            await().until(() -> inbox.stream().map(Mqtt::text).anyMatch(t -> t.contains("from the terminal")));
            JsonNode envelope = inbox.stream().map(Mqtt::text).filter(t -> t.contains("from the terminal"))
                    .map(ChatClient::parseText).findFirst().orElseThrow();
            assertThat(envelope.path("from").asText()).isEqualTo("carol");
            assertThat(envelope.path("type").asText()).isEqualTo("text");
            assertThat(envelope.path("seq").asLong()).isPositive();

            Mqtt.join(tool.publishWith().topic("parley/rooms/interop/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("plain text from a tool".getBytes(StandardCharsets.UTF_8)).send());
            carol.waitForOut("tool: plain text from a tool");
        } finally {
            tool.disconnect();
        }
    }

    @Test
    void join_switches_the_room_and_history_shows_its_latest_messages() throws Exception {
        try (var dave = CliRun.started(options("dave", "first"), "dave")) {
            dave.line("/join second");
            dave.line("one");
            dave.line("two");
            dave.line("three");
            await().until(() -> history("second").size() == 3);
            assertThat(history("first")).isEmpty();
            dave.line("/history 2");
            dave.waitForOut("dave: three");
            List<String> lines = dave.outLines();
            assertThat(lines).noneMatch(line -> line.endsWith("dave: one"));
            assertThat(lines.stream().filter(line -> line.contains("dave: ")).toList())
                    .hasSize(2).first().asString().endsWith("dave: two");
            dave.line("/rooms");
            dave.waitForOut("* #second  3 messages");
            assertThat(dave.outLines()).anyMatch(line -> line.matches("  #first +no messages yet"));
        }
    }

    @Test
    void who_lists_the_users_online() {
        try (var erin = CliRun.started(options("erin", "who"), "erin");
             var frank = CliRun.started(options("frank", "who"), "frank")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                erin.line("/who");
                return erin.out().lines().anyMatch(l -> l.startsWith("online") && l.contains("erin")
                        && l.contains("frank"));
            });
        }
    }

    @Test
    void who_lists_the_people_of_my_rooms_not_everyone_online() {
        try (var hana = CliRun.started(options("hana", "who-here"), "hana");
             var ivan = CliRun.started(options("ivan", "who-here"), "ivan");
             var jude = CliRun.started(options("jude", "who-elsewhere"), "jude")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                jude.line("/who");
                return jude.out().lines().anyMatch(l -> l.startsWith("online") && l.contains("jude"));
            });
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                hana.line("/who");
                return hana.out().lines().anyMatch(l -> l.startsWith("online") && l.contains("ivan"));
            });
            assertThat(hana.out().lines().filter(l -> l.startsWith("online"))).noneMatch(l -> l.contains("jude"));

            hana.line("/join who-elsewhere"); // now hana is in jude's room too
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                hana.line("/who");
                return hana.out().lines().anyMatch(l -> l.startsWith("online") && l.contains("jude"));
            });
        }
    }

    @Test
    void quit_disconnects_and_exits_0_without_sending_what_follows() throws Exception {
        var run = CliRun.start(options("gina", "quitting"));
        run.line("before");
        run.line("/quit");
        run.line("after");
        assertThat(run.waitForExit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(history("quitting")).extracting(m -> m.path("text").asText()).containsExactly("before");
    }

    @Test
    void piped_input_sends_each_line_in_order_and_exits_0_once_all_are_stored() throws Exception {
        var run = CliRun.runWithInput(options("hank", "piped"), "one\ntwo\n\nthree\n");
        assertThat(run.waitForExit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEmpty();
        // exit 0 means every PUBACK came back, and a PUBACK means stored: no waiting needed here
        assertThat(history("piped")).extracting(m -> m.path("text").asText()).containsExactly("one", "two", "three");
        assertThat(history("piped")).allMatch(m -> m.path("from").asText().equals("hank"));
    }

    @Test
    void json_prints_one_envelope_per_line() {
        try (var ivy = CliRun.started(options("ivy", "scripts").withJson(true), "ivy")) {
            var tool = Mqtt.v5(parley.server().mqttPort(), "jack");
            Mqtt.join(tool.publishWith().topic("parley/rooms/scripts/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"text\":\"json please\"}".getBytes(StandardCharsets.UTF_8)).send());
            ivy.waitForOut("json please");
            JsonNode envelope = ivy.outLines().stream().filter(l -> l.contains("json please"))
                    .map(ChatClient::parseText).findFirst().orElseThrow();
            assertThat(envelope.path("from").asText()).isEqualTo("jack");
            assertThat(envelope.path("room").asText()).isEqualTo("scripts");
            assertThat(envelope.path("seq").asLong()).isPositive();
            tool.disconnect();
        }
    }

    @Test
    void a_refused_message_is_one_line_on_stderr_and_exit_code_1() throws Exception {
        String tooLong = "x".repeat(4001);
        var run = CliRun.runWithInput(options("kim", "refusals"), "fine\n" + tooLong + "\nnever sent\n");
        assertThat(run.waitForExit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("parley: refused: text of 4001 characters is over the limit of 4000")
                .endsWith("(0x97 quota exceeded)");
        assertThat(history("refusals")).extracting(m -> m.path("text").asText()).containsExactly("fine");
    }

    @Test
    void me_is_sent_as_plain_text_and_shown_as_an_action() throws Exception {
        try (var lee = CliRun.started(options("lee", "actions"), "lee");
             var max = CliRun.started(options("max", "actions"), "max")) {
            lee.line("/me waves");
            max.waitForOut("* lee waves");
            assertThat(history("actions")).extracting(m -> m.path("text").asText()).containsExactly("/me waves");
        }
    }

    @Test
    void the_claimed_name_secret_is_kept_private_and_reused() throws Exception {
        assertThat(CliRun.runWithInput(options("nina", "claims"), "first\n").waitForExit()).isZero();
        Path secrets = config.resolve(SecretStore.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        String key = "http://127.0.0.1:" + parley.server().httpPort();
        assertThat(JSON.readTree(secrets.toFile()).path(key).path("nina").asText()).hasSize(43);

        assertThat(CliRun.runWithInput(options("nina", "claims"), "second\n").waitForExit()).isZero();
        assertThat(history("claims")).extracting(m -> m.path("text").asText()).containsExactly("first", "second");
    }

    @Test
    void a_name_claimed_by_someone_else_is_refused_with_one_line(@TempDir Path otherConfig) {
        assertThat(CliRun.runWithInput(options("olga", "claims2"), "mine\n").waitForExit()).isZero();
        var impostor = CliRun.runWithInput(
                ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), "olga", "claims2",
                        otherConfig), "not olga\n");
        assertThat(impostor.waitForExit()).isEqualTo(1);
        assertThat(impostor.err().lines().toList()).singleElement().asString()
                .startsWith("parley: the name 'olga' is claimed by someone else");
    }

    @Test
    void an_unreachable_server_is_one_line_and_exit_code_1() {
        var run = CliRun.runWithInput(ChatOptions.server(URI.create("http://127.0.0.1:1"), "pat", "x", config),
                "hi\n");
        assertThat(run.waitForExit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("parley: cannot reach the Parley server at http://127.0.0.1:1"
                + " (connection refused)" + System.lineSeparator());
    }

    @Test
    void broker_mode_chats_over_a_plain_broker_with_client_stamped_envelopes() {
        URI broker = URI.create("mqtt://127.0.0.1:" + parley.server().mqttPort());
        var quinn = new ChatOptions(null, broker, "paper-test", "quinn", null, "general", false, false, config);
        var rita = new ChatOptions(null, broker, "paper-test", "rita", null, "general", false, true, config);
        try (var q = CliRun.started(quinn, "quinn"); var r = CliRun.started(rita, "rita")) {
            q.line("over any broker");
            r.waitForOut("over any broker");
            JsonNode envelope = r.outLines().stream().filter(l -> l.contains("over any broker"))
                    .map(ChatClient::parseText).findFirst().orElseThrow();
            assertThat(envelope.path("from").asText()).isEqualTo("quinn");
            assertThat(envelope.path("room").asText()).isEqualTo("general");
            assertThat(envelope.path("ts").asLong()).isPositive();
            assertThat(envelope.has("seq")).isFalse();
            q.line("/history");
            q.waitForOut("quinn"); // /who output came first; now the /history refusal on stderr:
            await().until(() -> q.err().contains("/history needs a Parley server"));
        }
    }

    @Test
    void broker_mode_without_a_prefix_picks_a_random_one_and_says_so() {
        URI broker = URI.create("mqtt://127.0.0.1:" + parley.server().mqttPort());
        var run = CliRun.runWithInput(new ChatOptions(null, broker, null, "sam", null, "general", false, false,
                config), "hello\n");
        assertThat(run.waitForExit()).isZero();
        assertThat(run.err()).matches("parley: topic prefix parley-[a-z2-7]{13} \\(random: give the other side"
                + " --prefix parley-[a-z2-7]{13}\\)\\R");
    }
}
