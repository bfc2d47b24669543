package chat.parley.cli;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code parley chat --passphrase/--key}: terminal clients in an end-to-end encrypted room. */
class EncryptedChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @TempDir
    Path config;

    private ChatOptions options(String user, String room, RoomSecret secret) {
        return ChatOptions.server(URI.create("http://127.0.0.1:" + parley.server().httpPort()), user, room, config)
                .withSecret(secret);
    }

    /**
     * Waits until the client reads commands: it answers /who. Generous: the first scrypt in a JVM took up to 11 s on
     * the shared 2-core machine.
     */
    private static CliRun ready(CliRun run) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run.line("/who");
            return run.out().contains("online");
        });
        return run;
    }

    private static JsonNode history(String room) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + parley.server().httpPort() + "/api/rooms/" + room + "/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("messages");
    }

    @Test
    void two_terminals_with_the_passphrase_chat_and_the_server_keeps_only_ciphertext() throws Exception {
        var pass = RoomSecret.ofPassphrase("blue whale 42");
        try (var alice = ready(CliRun.start(options("alice", "hush", pass)));
             var bob = ready(CliRun.start(options("bob", "hush", pass)))) {
            alice.line("the eagle lands at noon");
            bob.waitForOut("alice: the eagle lands at noon");
            bob.line("copy that");
            alice.waitForOut("bob: copy that");
        }
        await().until(() -> historyList("hush").size() == 2);
        for (JsonNode message : history("hush")) {
            assertThat(message.path("type").asText()).isEqualTo("e2e");
            assertThat(message.has("text")).isFalse();
            assertThat(message.toString()).doesNotContain("eagle").doesNotContain("copy that");
        }
    }

    @Test
    void a_wrong_passphrase_is_refused_before_anything_is_sent_even_in_an_empty_room() throws Exception {
        try (var cleo = ready(CliRun.start(options("cleo", "guarded", RoomSecret.ofPassphrase("right"))))) {
            cleo.line("/who"); // she made the room encrypted (with its key check value) and said nothing
        }
        var eve = CliRun.runWithInput(options("eve", "guarded", RoomSecret.ofPassphrase("wrong")), "sealed wrongly\n");
        assertThat(eve.waitForExit()).isEqualTo(1);
        assertThat(eve.err()).contains("wrong passphrase for #guarded").contains("nothing was sent");
        var mallory = CliRun.runWithInput(options("mallory", "guarded", RoomSecret.ofKey(
                chat.parley.e2e.RoomKeys.newInviteKey())), "sealed wrongly\n");
        assertThat(mallory.waitForExit()).isEqualTo(1);
        assertThat(mallory.err()).contains("wrong key for #guarded");
        assertThat(historyList("guarded")).isEmpty();

        try (var dora = ready(CliRun.start(options("dora", "guarded", RoomSecret.ofPassphrase("right"))))) {
            dora.line("the right key gets in");
            await().until(() -> historyList("guarded").size() == 1);
        }
    }

    @Test
    void asked_in_a_terminal_a_wrong_passphrase_is_asked_again_three_times_at_most() {
        try (var cora = ready(CliRun.start(options("cora", "asked", RoomSecret.ofPassphrase("right"))))) {
            cora.line("/who");
        }
        var screen = new AskingScreen("wrong", "right");
        assertThat(new ChatClient(options("erin", "asked", null), screen, screen.errors()).run()).isZero();
        assertThat(screen.warnings()).containsExactly("wrong passphrase for #asked: it does not open the room "
                + "(nothing was sent); try again");
        assertThat(screen.notices()).anyMatch(n -> n.contains("#asked is end-to-end encrypted: the key stays here"));

        var stubborn = new AskingScreen("wrong", "still wrong", "wrong again", "right");
        assertThat(new ChatClient(options("finn", "asked", null), stubborn, stubborn.errors()).run()).isEqualTo(1);
        assertThat(stubborn.errorText()).contains("wrong passphrase for #asked");
        assertThat(stubborn.warnings()).hasSize(2);
    }

    @Test
    void a_room_encrypted_before_check_values_checks_on_its_messages_and_gets_one_from_the_first_proof()
            throws Exception {
        // as an older client made rooms: the meta has no check value
        var kdf = chat.parley.e2e.KdfParams.fresh();
        chat.parley.ApiSessions.signedIn(parley.server().httpPort()).body("{\"encrypted\":true,\"kdf\":{\"name\":"
                + "\"scrypt\",\"N\":" + kdf.n() + ",\"r\":8,\"p\":1,\"salt\":\"" + kdf.saltText() + "\"}}")
                .post("/api/rooms/older/meta").then().statusCode(201);
        try (var gail = ready(CliRun.start(options("gail", "older", RoomSecret.ofPassphrase("old words"))))) {
            gail.line("written before any check value"); // nothing to check by yet: taken
            await().until(() -> historyList("older").size() == 1);
        }
        assertThat(meta("older").has("check")).isFalse();

        var evan = CliRun.runWithInput(options("evan", "older", RoomSecret.ofPassphrase("guess")), "hi\n");
        assertThat(evan.waitForExit()).isEqualTo(1);
        assertThat(evan.err()).contains("wrong passphrase for #older");
        assertThat(meta("older").has("check")).isFalse();

        try (var hal = ready(CliRun.start(options("hal", "older", RoomSecret.ofPassphrase("old words"))))) {
            hal.line("/history 5");
            hal.waitForOut("gail: written before any check value");
        }
        byte[] key = chat.parley.e2e.RoomKeys.fromPassphrase("old words", kdf);
        assertThat(meta("older").path("check").asText()).isEqualTo(chat.parley.e2e.KeyCheck.of(key, "older"));
    }

    @Test
    void replies_edits_reactions_and_deletes_are_sealed_and_read_by_the_other_terminal() throws Exception {
        var pass = RoomSecret.ofPassphrase("quiet harbour");
        try (var amy = ready(CliRun.start(options("amy", "sealed-talk", pass)));
             var ben = ready(CliRun.start(options("ben", "sealed-talk", pass)))) {
            amy.line("meet at the north gate");
            ben.waitForOut("amy: meet at the north gate");
            ben.line("/reply which north gate?");
            amy.waitForOut("ben ↪ amy: “meet at the north gate”: which north gate?");
            amy.line("/edit meet at the old north gate");
            ben.waitForOut("amy (edited): meet at the old north gate");
            amy.line("/react 👍");
            ben.waitForOut("amy reacted 👍 to ben: “which north gate?”");
            ben.line("/delete");
            amy.waitForOut("ben deleted ben: “which north gate?”");
            await().until(() -> historyList("sealed-talk").stream().anyMatch(m -> m.path("deleted").asBoolean()));
        }
        JsonNode stored = history("sealed-talk");
        assertThat(stored.toString()).doesNotContain("north gate");
        try (var carl = ready(CliRun.start(options("carl", "sealed-talk", pass)))) {
            carl.line("/history 10");
            carl.waitForOut("amy: meet at the old north gate (edited)");
            assertThat(carl.out()).doesNotContain("which north gate").doesNotContain("can't decrypt");
        }
    }

    @Test
    void a_message_that_does_not_open_shows_cant_decrypt_and_never_the_bytes() throws Exception {
        var pass = RoomSecret.ofPassphrase("right");
        try (var ivy = ready(CliRun.start(options("ivy", "mixed", pass)))) {
            byte[] other = chat.parley.e2e.RoomKeys.fromInviteKey(chat.parley.e2e.RoomKeys.newInviteKey());
            var sealed = new chat.parley.e2e.E2eCipher(other).seal("mixed", "jack", "m-other",
                    new chat.parley.e2e.SecretText("for other eyes", 1).encode(JSON));
            var envelope = JSON.createObjectNode().put("id", "m-other").put("type", "e2e");
            envelope.set("e2e", sealed.toJson(JSON));
            chat.parley.Mqtt.join(chat.parley.Mqtt.v5(parley.server().mqttPort(), "jack").publishWith()
                    .topic("parley/rooms/mixed/messages").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                    .payload(envelope.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).send());
            ivy.waitForOut("jack: [can't decrypt");
            assertThat(ivy.out()).doesNotContain("other eyes");
        }
    }

    private static JsonNode meta(String room) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + parley.server().httpPort() + "/api/rooms/" + room + "/meta")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Test
    void an_invite_key_works_and_a_client_without_any_secret_is_told_what_to_give() {
        String key = chat.parley.e2e.RoomKeys.newInviteKey();
        try (var dan = ready(CliRun.start(options("dan", "keyed", RoomSecret.ofKey(key))))) {
            dan.line("hello with a key");
            await().until(() -> historyList("keyed").size() == 1);
        }
        try (var fay = ready(CliRun.start(options("fay", "keyed", RoomSecret.ofKey(key))))) {
            fay.line("/history 5");
            fay.waitForOut("dan: hello with a key");
        }
        var run = CliRun.runWithInput(options("gus", "keyed", null), "hi\n");
        assertThat(run.waitForExit()).isEqualTo(2);
        assertThat(run.err()).contains("#keyed is end-to-end encrypted: give --key KEY or --passphrase");
    }

    private static java.util.List<JsonNode> historyList(String room) throws Exception {
        var list = new java.util.ArrayList<JsonNode>();
        history(room).forEach(list::add);
        return list;
    }
}
