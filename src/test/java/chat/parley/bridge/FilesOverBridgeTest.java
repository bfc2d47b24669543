package chat.parley.bridge;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.BridgeConfig;
import chat.parley.e2e.E2eCipher;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.RoomKeys;
import chat.parley.e2e.Sealed;
import chat.parley.e2e.SecretText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two sites, A and B, in-process, bridged through a local mosquitto (the stand-in for broker.hivemq.com): a shared
 * image up to {@code bridge-max-file-bytes} travels in chunks and opens at B under the same id, also when the remote
 * was down while it was sent; a bigger file shows at B as kept at A.
 */
class FilesOverBridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long LIMIT = 400 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer siteA;
    static ParleyServer siteB;
    static ApiSessions.Claimed alice;
    static ApiSessions.Claimed bea;
    static Mqtt5AsyncClient aliceMqtt;

    @BeforeAll
    static void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        String prefix = "files-" + UUID.randomUUID().toString().substring(0, 8);
        BridgeConfig bridge = BridgeConfig.off().withEnabled(true).withUrl(remote.url()).withRemotePrefix(prefix)
                .withRooms(List.of("general", "vault")).withMaxFileBytes(LIMIT);
        siteA = ParleyServer.start(TestServer.ephemeralConfig().withBridge(bridge));
        siteB = ParleyServer.start(TestServer.ephemeralConfig().withBridge(bridge));
        await().atMost(WAIT).until(() -> siteA.bridge().connected() && siteB.bridge().connected());
        alice = ApiSessions.claim(siteA.httpPort(), "alice");
        bea = ApiSessions.claim(siteB.httpPort(), "bea");
        aliceMqtt = MqttClient.builder().useMqttVersion5().identifier("alice-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(siteA.mqttPort()).buildAsync();
        Mqtt.join(aliceMqtt.connectWith().simpleAuth().username(alice.user())
                .password(alice.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {siteA, siteB, remote}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    private static RequestSpecification api(ParleyServer site, ApiSessions.Claimed who) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(site.httpPort()).auth().oauth2(who.token());
    }

    /** A PNG of random pixels: about {@code width × height × 3} bytes, since noise does not compress. */
    private static byte[] noisePng(int width, int height, long seed) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Uploads at A and shows the file in {@code general} with a message; answers the file id. */
    private static JsonPath share(String messageId, String name, byte[] bytes, String type) throws Exception {
        JsonPath uploaded = api(siteA, alice).multiPart("file", name, bytes, type).post("/api/rooms/general/files")
                .then().statusCode(201).extract().jsonPath();
        publish("{\"type\":\"file\",\"id\":\"" + messageId + "\",\"text\":\"look\",\"file\":{\"id\":\""
                + uploaded.getString("file.id") + "\"}}");
        return uploaded;
    }

    private static void publish(String envelope) throws Exception {
        aliceMqtt.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(envelope.getBytes(StandardCharsets.UTF_8)).send().get(30, TimeUnit.SECONDS);
    }

    /** The message of that id as B's history shows it, once it is there. */
    private static Map<String, Object> atB(String messageId) {
        await().atMost(WAIT).until(() -> siteB.store().latest("general", 50).messages().stream()
                .anyMatch(m -> messageId.equals(m.id())));
        List<Map<String, Object>> messages = api(siteB, bea).get("/api/rooms/general/messages?limit=50").then()
                .statusCode(200).extract().jsonPath().getList("messages");
        return messages.stream().filter(m -> messageId.equals(m.get("id"))).findFirst().orElseThrow();
    }

    private static byte[] fetch(ParleyServer site, ApiSessions.Claimed who, String path) {
        return api(site, who).get(path).then().statusCode(200).extract().asByteArray();
    }

    /** {@code parley_bridge_files_total{event}} on the site's {@code /metrics}. */
    private static double files(ParleyServer site, String event) {
        String line = "parley_bridge_files_total{event=\"" + event + "\"} ";
        return RestAssured.given().baseUri("http://127.0.0.1").port(site.httpPort()).get("/metrics").asString()
                .lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(line.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + line + "on /metrics"));
    }

    @SuppressWarnings("unchecked")
    private void assertOpensAtB(String messageId, JsonPath uploaded) {
        String id = uploaded.getString("file.id");
        String thumb = uploaded.getString("file.thumb");
        Map<String, Object> file = (Map<String, Object>) atB(messageId).get("file");
        assertThat(file).doesNotContainKey("elsewhere").containsEntry("id", id).containsEntry("url", "/api/files/" + id)
                .containsEntry("thumb", thumb);
        assertThat(fetch(siteB, bea, "/api/files/" + id)).isEqualTo(fetch(siteA, alice, "/api/files/" + id));
        assertThat(fetch(siteB, bea, "/api/files/" + id + "/thumb"))
                .isEqualTo(fetch(siteA, alice, "/api/files/" + id + "/thumb"));
    }

    @Test
    void an_image_opens_at_the_other_site_under_the_same_id() throws Exception {
        byte[] image = noisePng(330, 310, 1);
        assertThat(image.length).isBetween(280_000, (int) LIMIT);
        double received = files(siteB, "received");
        assertOpensAtB("m-photo", share("m-photo", "photo.png", image, "image/png"));
        assertThat(files(siteB, "received") - received).isEqualTo(2); // the image and its thumbnail
    }

    @Test
    void an_image_sent_while_the_remote_was_down_opens_once_it_is_back() throws Exception {
        remote.stop();
        await().atMost(WAIT).until(() -> !siteA.bridge().connected());
        JsonPath uploaded = share("m-offline", "offline.png", noisePng(320, 300, 2), "image/png");
        remote.start();
        assertOpensAtB("m-offline", uploaded);
    }

    @Test
    void an_image_whose_chunks_the_remote_forgot_comes_ahead_of_the_repaired_message() throws Exception {
        publish("{\"type\":\"text\",\"id\":\"m-before\",\"text\":\"so B knows site A here\"}");
        atB("m-before");
        siteB.bridge().update(false, null);
        remote.restartForgetting(); // B's session, and what would have waited in it, is gone
        await().atMost(WAIT).until(() -> siteA.bridge().connected());
        JsonPath uploaded = share("m-forgotten", "forgotten.png", noisePng(300, 300, 4), "image/png");
        await().atMost(WAIT).until(() -> siteA.bridge().status().queueDepth() == 0);
        siteB.bridge().update(true, null); // no session on the remote: B asks A for what it missed
        assertOpensAtB("m-forgotten", uploaded);
    }

    @Test
    void an_encrypted_rooms_file_travels_as_the_ciphertext_it_is() throws Exception {
        KdfParams kdf = KdfParams.fresh();
        String meta = "{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":" + kdf.n() + ",\"r\":" + kdf.r()
                + ",\"p\":" + kdf.p() + ",\"salt\":\"" + kdf.saltText() + "\"}}";
        api(siteA, alice).contentType("application/json").body(meta).post("/api/rooms/vault/meta").then()
                .statusCode(201);
        api(siteB, bea).contentType("application/json").body(meta).post("/api/rooms/vault/meta").then()
                .statusCode(201);
        byte[] ciphertext = new byte[100_000];
        new Random(5).nextBytes(ciphertext);
        String id = api(siteA, alice).contentType("application/octet-stream").body(ciphertext)
                .post("/api/rooms/vault/files?encrypted=true&name=photo.jpg").then().statusCode(201).extract()
                .jsonPath().getString("file.id");
        byte[] key = RoomKeys.fromPassphrase("correct horse battery staple", kdf);
        Sealed sealed = new E2eCipher(key).seal("vault", alice.user(), "m-sealed",
                new SecretText("the photo", 1).encode(JSON));
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", "m-sealed").put("type", "e2e");
        envelope.set("e2e", sealed.toJson(JSON));
        envelope.putArray("files").add(id);
        aliceMqtt.publishWith().topic("parley/rooms/vault/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(envelope.toString().getBytes(StandardCharsets.UTF_8)).send().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> siteB.store().latest("vault", 10).messages().stream()
                .anyMatch(m -> "m-sealed".equals(m.id())));
        assertThat(fetch(siteB, bea, "/api/files/" + id)).isEqualTo(ciphertext);
        assertThat(siteB.files().find(id).orElseThrow().encrypted()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_file_over_the_limit_shows_as_kept_at_the_first_site() throws Exception {
        byte[] big = new byte[(int) LIMIT + 100_000];
        new Random(3).nextBytes(big);
        double refused = files(siteA, "refused");
        String id = share("m-big", "dump.bin", big, "application/octet-stream").getString("file.id");
        Map<String, Object> file = (Map<String, Object>) atB("m-big").get("file");
        assertThat(file).containsEntry("elsewhere", siteA.bridge().origin()).containsEntry("name", "dump.bin")
                .doesNotContainKey("url");
        assertThat(((Number) file.get("size")).longValue()).isEqualTo(big.length);
        api(siteB, bea).get("/api/files/" + id).then().statusCode(404);
        assertThat(files(siteA, "refused") - refused).isEqualTo(1);
    }
}
