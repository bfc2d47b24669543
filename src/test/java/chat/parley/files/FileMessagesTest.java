package chat.parley.files;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A file message over MQTT names its upload by id, and the server checks and fills it in: only the uploader's own
 * file of the same room is taken, with what the server knows of it (not what the sender claims). When no message shows
 * a file any more, the sweep removes it and its bytes.
 */
class FileMessagesTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static ApiSessions.Claimed alice;
    private static ApiSessions.Claimed bob;
    private static Mqtt5AsyncClient aliceMqtt;
    private static Mqtt5AsyncClient bobMqtt;

    private static RequestSpecification api(ApiSessions.Claimed who) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort()).auth()
                .oauth2(who.token());
    }

    private static Mqtt5AsyncClient connect(ApiSessions.Claimed who) {
        var client = MqttClient.builder().useMqttVersion5().identifier(who.user() + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildAsync();
        Mqtt.join(client.connectWith().simpleAuth().username(who.user())
                .password(who.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        return client;
    }

    @BeforeAll
    static void people() {
        alice = ApiSessions.claim(parley.server().httpPort(), "alice");
        bob = ApiSessions.claim(parley.server().httpPort(), "bob");
        aliceMqtt = connect(alice);
        bobMqtt = connect(bob);
    }

    private static JsonPath upload(ApiSessions.Claimed who, String room, String name, byte[] bytes, String type) {
        return api(who).multiPart("file", name, bytes, type).post("/api/rooms/" + room + "/files").then()
                .statusCode(201).extract().jsonPath();
    }

    private static void publish(Mqtt5AsyncClient client, String room, String payload) throws Exception {
        client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send().get(30, TimeUnit.SECONDS);
    }

    private static Mqtt5PubAckReasonCode refusal(Mqtt5AsyncClient client, String room, String payload) {
        try {
            publish(client, room, payload);
            throw new AssertionError("the publish was accepted: " + payload);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(Mqtt5PubAckException.class);
            return ((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonPath latest(String room) {
        return api(alice).get("/api/rooms/" + room + "/messages?limit=1").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_file_message_carries_what_the_server_knows_of_the_upload() throws Exception {
        String id = upload(alice, "general", "plan.png", TestImages.picture("png", 800, 400), "image/png")
                .getString("file.id");
        publish(aliceMqtt, "general", "{\"type\":\"file\",\"id\":\"m-plan\",\"text\":\"the plan\",\"file\":{\"id\":\""
                + id + "\",\"name\":\"lies.exe\",\"mime\":\"application/x-msdownload\",\"size\":1}}");
        JsonPath stored = latest("general");
        assertThat(stored.getString("messages[0].id")).isEqualTo("m-plan");
        assertThat(stored.getString("messages[0].text")).isEqualTo("the plan");
        assertThat(stored.getString("messages[0].file.name")).isEqualTo("plan.png");
        assertThat(stored.getString("messages[0].file.mime")).isEqualTo("image/png");
        assertThat(stored.getInt("messages[0].file.width")).isEqualTo(800);
        assertThat(stored.getString("messages[0].file.url")).isEqualTo("/api/files/" + id);
        assertThat(stored.getString("messages[0].file.thumb")).isNotBlank();
        // searchable by its name
        await().atMost(Duration.ofSeconds(10)).until(() -> api(alice).get("/api/search?q=plan.png").jsonPath()
                .getList("results").size() == 1);
    }

    @Test
    void an_unknown_id_someone_elses_file_and_another_rooms_file_are_refused_alike() {
        long before = parley.server().refusals().count(Refusal.UNKNOWN_FILE);
        String bobs = upload(bob, "general", "bob.txt", "bob's".getBytes(StandardCharsets.UTF_8), "text/plain")
                .getString("file.id");
        String elsewhere = upload(alice, "random", "a.txt", "a".getBytes(StandardCharsets.UTF_8), "text/plain")
                .getString("file.id");
        for (String id : new String[] {"AAAAAAAAAAAAAAAAAAAAAA", bobs, elsewhere}) {
            assertThat(refusal(aliceMqtt, "general", "{\"type\":\"file\",\"file\":{\"id\":\"" + id + "\"}}"))
                    .as(id).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        }
        assertThat(refusal(aliceMqtt, "general", "{\"type\":\"file\",\"file\":{\"url\":\"/api/files/" + bobs
                + "\",\"name\":\"x\",\"mime\":\"text/plain\",\"size\":1}}"))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(parley.server().refusals().count(Refusal.UNKNOWN_FILE)).isEqualTo(before + 3);
    }

    @Test
    void a_file_no_message_shows_any_more_is_swept_with_its_bytes() throws Exception {
        byte[] bytes = "to be deleted, with its thumbnail-less bytes".getBytes(StandardCharsets.UTF_8);
        String id = upload(bob, "cleanup", "gone.txt", bytes, "text/plain").getString("file.id");
        String unsent = upload(bob, "cleanup", "never-sent.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain")
                .getString("file.id");
        publish(bobMqtt, "cleanup", "{\"type\":\"file\",\"id\":\"m-gone\",\"file\":{\"id\":\"" + id + "\"}}");
        var files = parley.server().files();
        var blob = files.content(files.find(id).orElseThrow());

        files.sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(files.find(id)).as("shown by a message").isPresent();
        assertThat(files.find(unsent)).as("never sent, past the grace").isEmpty();

        publish(bobMqtt, "cleanup", "{\"type\":\"delete\",\"target\":\"m-gone\"}");
        files.sweep(Instant.now());
        assertThat(files.find(id)).as("within the grace of an upload").isPresent();
        files.sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(files.find(id)).isEmpty();
        assertThat(blob).doesNotExist();
        api(bob).get("/api/files/" + id).then().statusCode(404);

        // An admin removing the room takes its files too.
        String kept = upload(bob, "doomed", "kept.txt", "until the room goes".getBytes(StandardCharsets.UTF_8),
                "text/plain").getString("file.id");
        publish(bobMqtt, "doomed", "{\"type\":\"file\",\"file\":{\"id\":\"" + kept + "\"}}");
        files.sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(files.find(kept)).isPresent();
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .header("Authorization", "Bearer " + parley.server().adminToken().value())
                .delete("/api/admin/rooms/doomed").then().statusCode(200);
        files.sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(files.find(kept)).isEmpty();
    }

    @Test
    void an_encrypted_room_takes_ciphertext_uploads_and_its_sealed_messages_list_them() throws Exception {
        api(alice).contentType("application/json").body("{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":"
                + chat.parley.e2e.KdfParams.DEFAULT_N + ",\"r\":8,\"p\":1,\"salt\":\""
                + chat.parley.e2e.KdfParams.fresh().saltText() + "\"}}").post("/api/rooms/sealed/meta")
                .then().statusCode(201);
        api(alice).multiPart("file", "plain.png", TestImages.picture("png", 20, 20), "image/png")
                .post("/api/rooms/sealed/files").then().statusCode(409)
                .body("error", org.hamcrest.Matchers.equalTo("encryption_mismatch"));
        byte[] ciphertext = new byte[300];
        new java.security.SecureRandom().nextBytes(ciphertext);
        var answer = api(alice).contentType("application/octet-stream").body(ciphertext)
                .post("/api/rooms/sealed/files?encrypted=true&name=photo.jpg").then().statusCode(201)
                .extract().jsonPath();
        String id = answer.getString("file.id");
        assertThat(answer.getString("file.mime")).isEqualTo("application/octet-stream");
        assertThat(answer.getBoolean("file.encrypted")).isTrue();
        assertThat(answer.getString("file.thumb")).isNull();
        api(alice).get("/api/files/" + id).then().statusCode(200).header("Content-Disposition",
                org.hamcrest.Matchers.startsWith("attachment"));

        String sealed = "{\"alg\":\"aes-256-gcm\",\"nonce\":\"AAECAwQFBgcICQoL\","
                + "\"ct\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYX\"}";
        publish(aliceMqtt, "sealed", "{\"type\":\"e2e\",\"id\":\"m-sealed\",\"files\":[\"" + id + "\"],\"e2e\":"
                + sealed + "}");
        assertThat(latest("sealed").getList("messages[0].files")).containsExactly(id);
        parley.server().files().sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(parley.server().files().find(id)).as("listed by a sealed message").isPresent();

        assertThat(refusal(bobMqtt, "sealed", "{\"type\":\"e2e\",\"files\":[\"" + id + "\"],\"e2e\":" + sealed
                + "}")).as("someone else's upload").isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(refusal(aliceMqtt, "sealed", "{\"type\":\"file\",\"file\":{\"id\":\"" + id + "\"}}"))
                .as("a plain file message").isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        api(alice).contentType("application/octet-stream").body(ciphertext)
                .post("/api/rooms/general/files?encrypted=true&name=x.bin").then().statusCode(409);
    }
}
