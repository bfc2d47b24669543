package chat.parley.e2e;

import chat.parley.Mqtt;
import chat.parley.ApiSessions;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The server's side of encrypted rooms: meta, plaintext refused, ciphertext stored and relayed opaque. */
class EncryptedRoomTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    /** Makes a room encrypted over REST and returns the key clients derive from {@code passphrase}. */
    static byte[] encrypt(String room, String passphrase) {
        KdfParams kdf = new KdfParams(KdfParams.DEFAULT_N, 8, 1, E2eCipher.randomBytes(16));
        signedIn().body(metaRequest(kdf)).post("/api/rooms/" + room + "/meta")
                .then().statusCode(201).body("encrypted", equalTo(true)).body("kdf.salt", equalTo(kdf.saltText()));
        return RoomKeys.fromPassphrase(passphrase, kdf);
    }

    /** JSON requests with a session: making a room encrypted needs one. */
    static RequestSpecification signedIn() {
        return ApiSessions.signedIn(parley.server().httpPort());
    }

    static String metaRequest(KdfParams kdf) {
        return "{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":" + kdf.n() + ",\"r\":8,\"p\":1,\"salt\":\""
                + kdf.saltText() + "\"}}";
    }

    static byte[] sealedEnvelope(byte[] key, String room, String from, String id, String text) {
        Sealed sealed = new E2eCipher(key).seal(room, from, id, new SecretText(text, 1).encode(JSON));
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", id).put("type", "e2e");
        envelope.set("e2e", sealed.toJson(JSON));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(Mqtt5AsyncClient client, String room, byte[] payload) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).send());
    }

    @Test
    void meta_is_answered_over_rest_and_published_retained_for_late_subscribers() throws Exception {
        api().get("/api/rooms/plain-room/meta").then().statusCode(200).body("encrypted", equalTo(false));
        encrypt("vault", "pass");

        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "late"), "parley/rooms/vault/meta");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        assertThat(inbox.get(0).isRetain()).isTrue();
        JsonNode meta = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(meta.get("alg").asText()).isEqualTo("aes-256-gcm");
        assertThat(meta.at("/kdf/N").asInt()).isEqualTo(32768);
        assertThat(meta).isEqualTo(JSON.readTree(api().get("/api/rooms/vault/meta").then().statusCode(200)
                .extract().asString()));
    }

    @Test
    void bad_meta_requests_get_the_error_shape() {
        var kdf = KdfParams.fresh();
        signedIn().body("{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":1000,"
                + "\"r\":8,\"p\":1,\"salt\":\"" + kdf.saltText() + "\"}}").post("/api/rooms/weak/meta")
                .then().statusCode(400).body("error", equalTo("bad_request")).body("message",
                        org.hamcrest.Matchers.containsString("kdf.N"));
        signedIn().body("{\"encrypted\":false}").post("/api/rooms/weak/meta")
                .then().statusCode(400);
        signedIn().body("nope").post("/api/rooms/weak/meta").then().statusCode(400);
        signedIn().body(metaRequest(kdf)).post("/api/rooms/Bad!/meta")
                .then().statusCode(400);

        encrypt("twice", "p");
        signedIn().body(metaRequest(kdf)).post("/api/rooms/twice/meta")
                .then().statusCode(409).body("error", equalTo("already_encrypted"));

        publish(Mqtt.v5(parley.server().mqttPort(), "talker"), "chatty", "plain words".getBytes());
        signedIn().body(metaRequest(kdf)).post("/api/rooms/chatty/meta")
                .then().statusCode(409).body("error", equalTo("room_has_messages"));
    }

    @Test
    void plaintext_in_an_encrypted_room_is_refused_and_counted() {
        encrypt("locked", "pw");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        long before = parley.server().refusals().count(Refusal.PLAINTEXT_IN_ENCRYPTED_ROOM);
        for (String payload : new String[] {"plain words", "{\"type\":\"text\",\"text\":\"json words\"}",
            "{\"type\":\"file\",\"file\":{\"url\":\"/f\",\"name\":\"secret.pdf\",\"size\":1,\"mime\":\"a/b\"}}"}) {
            var future = alice.publishWith().topic("parley/rooms/locked/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes()).send();
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
                        assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
                        assertThat(e.getMqttMessage().getReasonString().orElseThrow().toString())
                                .contains("end-to-end encrypted");
                    });
        }
        assertThat(parley.server().refusals().count(Refusal.PLAINTEXT_IN_ENCRYPTED_ROOM)).isEqualTo(before + 3);
        assertThat(parley.server().store().exists("locked")).isFalse();
    }

    @Test
    void ciphertext_is_relayed_and_stored_opaque_and_no_file_of_the_server_holds_the_plaintext() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(chat.parley.TestServer.onPostgres(),
                "its control reads the history in the data dir: SQLite only");
        byte[] key = encrypt("secrets", "correct horse");
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "bob"), "parley/rooms/secrets/messages");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        String secret = "launch code swordfish-4711";
        publish(alice, "secrets", sealedEnvelope(key, "secrets", "alice", "m-secret-1", secret));
        // control: the same kind of words in a plain room do reach the database, so the search below can find them
        publish(alice, "open-room", "launch code openfish-4711".getBytes());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode envelope = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(envelope.get("type").asText()).isEqualTo("e2e");
        assertThat(envelope.has("text")).isFalse();
        assertThat(envelope.get("seq").asLong()).isEqualTo(1);
        Sealed sealed = Sealed.fromJson(envelope.get("e2e"));
        byte[] opened = new E2eCipher(key).open("secrets", envelope.get("from").asText(), envelope.get("id").asText(),
                sealed);
        assertThat(SecretText.decode(JSON, opened).text()).isEqualTo(secret);

        api().get("/api/rooms/secrets/messages").then().statusCode(200)
                .body("messages[0].type", equalTo("e2e")).body("messages[0].text", org.hamcrest.Matchers.nullValue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api().queryParam("q", "openfish")
                .get("/api/search").then().statusCode(200).body("results.size()", equalTo(1)));
        api().queryParam("q", "swordfish").get("/api/search").then().statusCode(200)
                .body("results.size()", equalTo(0));

        assertThat(grepDataDir("openfish-4711")).as("control: plain text is on disk").isTrue();
        assertThat(grepDataDir("swordfish")).as("the encrypted room's text").isFalse();
        assertThat(grepDataDir("correct horse")).as("the passphrase").isFalse();
    }

    @Test
    void a_sealed_message_republished_by_someone_else_no_longer_opens() throws Exception {
        byte[] key = encrypt("moved", "pw");
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "reader"), "parley/rooms/moved/messages");
        byte[] original = sealedEnvelope(key, "moved", "alice", "m-moved-1", "pay bob 10");
        ObjectNode copy = (ObjectNode) JSON.readTree(original);
        copy.put("id", "m-moved-2"); // a new id, or the server would drop it as a duplicate of alice's
        publish(Mqtt.v5(parley.server().mqttPort(), "mallory"), "moved", copy.toString().getBytes());

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode received = JSON.readTree(Mqtt.text(inbox.get(0)));
        assertThat(received.get("from").asText()).isEqualTo("mallory");
        assertThatThrownBy(() -> new E2eCipher(key).open("moved", received.get("from").asText(),
                received.get("id").asText(), Sealed.fromJson(received.get("e2e")))).isInstanceOf(E2eException.class);
        assertThatThrownBy(() -> new E2eCipher(key).open("moved", "mallory", "m-moved-1",
                Sealed.fromJson(received.get("e2e")))).as("nor with the original id").isInstanceOf(E2eException.class);
    }

    @Test
    void edits_and_replies_in_an_encrypted_room_are_sealed_like_messages() throws Exception {
        byte[] key = encrypt("sealed-edits", "pw");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        publish(alice, "sealed-edits", sealedEnvelope(key, "sealed-edits", "alice", "se-1", "first draft"));

        var plainEdit = alice.publishWith().topic("parley/rooms/sealed-edits/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"type\":\"edit\",\"target\":\"se-1\",\"text\":\"second draft\"}".getBytes()).send();
        assertThatThrownBy(() -> plainEdit.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
                    assertThat(e.getMqttMessage().getReasonString().orElseThrow().toString())
                            .contains("end-to-end encrypted");
                });

        // An edit is sealed with its target's id, so history's current content opens as the message itself does.
        Sealed sealed = new E2eCipher(key).seal("sealed-edits", "alice", "se-1",
                new SecretText("second draft", 2).encode(JSON));
        ObjectNode edit = JSON.createObjectNode().put("id", "se-1-edit").put("type", "edit").put("target", "se-1");
        edit.set("e2e", sealed.toJson(JSON));
        publish(alice, "sealed-edits", edit.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode reply = (ObjectNode) JSON.readTree(sealedEnvelope(key, "sealed-edits", "bob", "se-2", "agreed"));
        reply.put("replyTo", "se-1");
        publish(Mqtt.v5(parley.server().mqttPort(), "bob"), "sealed-edits", reply.toString().getBytes());
        publish(alice, "sealed-edits", "{\"type\":\"reaction\",\"target\":\"se-2\",\"emoji\":\"👍\",\"op\":\"add\"}"
                .getBytes(StandardCharsets.UTF_8));

        JsonNode page = JSON.readTree(api().get("/api/rooms/sealed-edits/messages").then().statusCode(200)
                .extract().asString());
        JsonNode first = page.at("/messages/0");
        assertThat(first.get("e2e")).isEqualTo(edit.get("e2e"));
        assertThat(first.has("text")).isFalse();
        assertThat(first.has("edited")).isTrue();
        assertThat(first.get("replies").asInt()).isEqualTo(1);
        byte[] opened = new E2eCipher(key).open("sealed-edits", first.get("from").asText(), first.get("id").asText(),
                Sealed.fromJson(first.get("e2e")));
        assertThat(SecretText.decode(JSON, opened).text()).isEqualTo("second draft");
        assertThat(page.at("/messages/2/reactions/👍/0").asText()).isEqualTo("alice");
        assertThat(grepDataDir("second draft")).isFalse();
    }

    @Test
    void a_sealed_edit_is_taken_from_the_author_only_and_a_plain_reply_is_refused() throws Exception {
        byte[] key = encrypt("edit-rules", "pw");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        Mqtt5AsyncClient bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        publish(alice, "edit-rules", sealedEnvelope(key, "edit-rules", "alice", "er-1", "alice's words"));
        long notAuthor = parley.server().refusals().count(Refusal.NOT_AUTHOR);
        long plaintext = parley.server().refusals().count(Refusal.PLAINTEXT_IN_ENCRYPTED_ROOM);

        // bob seals an edit of alice's message (he has the key): the server refuses it, it is not his
        ObjectNode bobsEdit = sealedEdit(key, "edit-rules", "bob", "er-1", "bob's words");
        assertRefused(bob, "edit-rules", bobsEdit.toString(), Mqtt5PubAckReasonCode.NOT_AUTHORIZED, "only its author");
        ObjectNode plainReply = JSON.createObjectNode().put("type", "text").put("text", "a readable reply")
                .put("replyTo", "er-1");
        assertRefused(bob, "edit-rules", plainReply.toString(), Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID,
                "end-to-end encrypted");
        assertThat(parley.server().refusals().count(Refusal.NOT_AUTHOR)).isEqualTo(notAuthor + 1);
        assertThat(parley.server().refusals().count(Refusal.PLAINTEXT_IN_ENCRYPTED_ROOM)).isEqualTo(plaintext + 1);

        publish(alice, "edit-rules", sealedEdit(key, "edit-rules", "alice", "er-1", "alice's better words").toString()
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode reply = (ObjectNode) JSON.readTree(sealedEnvelope(key, "edit-rules", "bob", "er-2", "sealed reply"));
        publish(bob, "edit-rules", reply.put("replyTo", "er-1").toString().getBytes(StandardCharsets.UTF_8));

        JsonNode page = JSON.readTree(api().get("/api/rooms/edit-rules/messages").then().statusCode(200)
                .extract().asString());
        JsonNode first = page.at("/messages/0");
        assertThat(first.get("replies").asInt()).isEqualTo(1);
        assertThat(SecretText.decode(JSON, new E2eCipher(key).open("edit-rules", "alice", "er-1",
                Sealed.fromJson(first.get("e2e")))).text()).isEqualTo("alice's better words");
        assertThat(page.toString()).doesNotContain("bob's words").doesNotContain("a readable reply");
    }

    @Test
    void a_new_room_keeps_its_key_check_value_and_an_older_room_is_given_one_once() throws Exception {
        byte[] key = RoomKeys.fromInviteKey(RoomKeys.newInviteKey());
        KdfParams kdf = KdfParams.fresh();
        String check = KeyCheck.of(key, "checked");
        ObjectNode body = (ObjectNode) JSON.readTree(metaRequest(kdf));
        signedIn().body(body.put("check", check).toString()).post("/api/rooms/checked/meta")
                .then().statusCode(201).body("check", equalTo(check));
        api().get("/api/rooms/checked/meta").then().statusCode(200).body("check", equalTo(check));
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "watcher"), "parley/rooms/+/meta");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stream().anyMatch(m -> Mqtt.text(m).contains(check)));

        signedIn().body(body.put("check", "not-a-check").toString()).post("/api/rooms/badcheck/meta")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("check"));

        encrypt("older", "pw"); // as rooms were made before check values: none
        String older = KeyCheck.of(RoomKeys.fromInviteKey(RoomKeys.newInviteKey()), "older");
        signedIn().body("{\"check\":\"" + older + "\"}").put("/api/rooms/older/meta/check")
                .then().statusCode(200).body("check", equalTo(older));
        signedIn().body("{\"check\":\"" + older + "\"}").put("/api/rooms/older/meta/check")
                .then().statusCode(200);
        signedIn().body("{\"check\":\"" + check + "\"}").put("/api/rooms/older/meta/check")
                .then().statusCode(409).body("error", equalTo("check_exists"));
        signedIn().body("{\"check\":\"" + check + "\"}").put("/api/rooms/plain-one/meta/check")
                .then().statusCode(404).body("error", equalTo("not_encrypted"));
        signedIn().body("{}").put("/api/rooms/older/meta/check").then().statusCode(400);
        api().get("/api/rooms/older/meta").then().statusCode(200).body("check", equalTo(older));
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stream().anyMatch(m -> Mqtt.text(m).contains(older)));
    }

    /** An edit of {@code target}, sealed as {@code from} with the target's id, as both clients seal them. */
    private static ObjectNode sealedEdit(byte[] key, String room, String from, String target, String text) {
        Sealed sealed = new E2eCipher(key).seal(room, from, target, new SecretText(text, 2).encode(JSON));
        ObjectNode edit = JSON.createObjectNode().put("id", chat.parley.chat.MessageRules.newId()).put("type", "edit")
                .put("target", target);
        edit.set("e2e", sealed.toJson(JSON));
        return edit;
    }

    private static void assertRefused(Mqtt5AsyncClient client, String room, String payload,
                                      Mqtt5PubAckReasonCode code, String reason) {
        var future = client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code);
                    assertThat(e.getMqttMessage().getReasonString().orElseThrow().toString()).contains(reason);
                });
    }

    @Test
    void ciphertext_over_the_payload_limit_is_refused_like_any_message() {
        byte[] key = encrypt("big", "pw");
        String huge = "x".repeat(parley.server().config().maxPayloadBytes());
        var future = Mqtt.v5(parley.server().mqttPort(), "alice").publishWith().topic("parley/rooms/big/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload(sealedEnvelope(key, "big", "alice", "m-big", huge)).send();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(
                        e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED));
    }

    /** Whether any file under the server's data dir (database, WAL, broker files) contains these UTF-8 bytes. */
    static boolean grepDataDir(String needle) {
        byte[] wanted = needle.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(parley.server().config().dataDir())) {
            return files.filter(Files::isRegularFile).anyMatch(file -> contains(read(file), wanted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // a file that went away meanwhile
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
