package chat.parley.bridge;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.BridgeConfig;
import chat.parley.e2e.E2eCipher;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.RoomKeys;
import chat.parley.e2e.Sealed;
import chat.parley.e2e.SecretText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An encrypted room bridged through a local mosquitto (the stand-in for broker.hivemq.com): what the public broker
 * receives, and what the server's database holds, is ciphertext only; a site that knows the key opens it.
 */
class EncryptedBridgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROOM = "vault";
    private static final String SECRET = "the launch code is tangerine-42";

    @TempDir
    static Path dir;
    static Mosquitto remote;
    static ParleyServer server;
    static String prefix;
    /** Everything published on the remote under the prefix: what anyone on the public broker can read. */
    static final List<Mqtt5Publish> onRemote = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        remote = Mosquitto.start(dir.resolve("mosquitto"));
        prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        server = ParleyServer.start(TestServer.ephemeralConfig().withBridge(BridgeConfig.off().withEnabled(true)
                .withUrl(remote.url()).withRemotePrefix(prefix).withRooms(List.of(ROOM))));
        Mqtt5AsyncClient spy = Mqtt.v5(remote.port(), null);
        spy.publishes(MqttGlobalPublishFilter.ALL, onRemote::add);
        Mqtt.join(spy.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send());
        await().atMost(WAIT).until(() -> server.bridge().connected());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    private static byte[] sealedEnvelope(byte[] key, String from, String id, String text) {
        Sealed sealed = new E2eCipher(key).seal(ROOM, from, id, new SecretText(text, 1).encode(JSON));
        ObjectNode envelope = JSON.createObjectNode().put("v", 1).put("id", id).put("type", "e2e");
        envelope.set("e2e", sealed.toJson(JSON));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_public_broker_and_the_database_see_only_ciphertext_and_the_key_opens_what_was_bridged() throws Exception {
        KdfParams kdf = KdfParams.fresh();
        chat.parley.ApiSessions.signedIn(server.httpPort())
                .body("{\"encrypted\":true,\"kdf\":{\"name\":\"scrypt\",\"N\":" + kdf.n() + ",\"r\":" + kdf.r()
                        + ",\"p\":" + kdf.p() + ",\"salt\":\"" + kdf.saltText() + "\"}}")
                .post("/api/rooms/" + ROOM + "/meta").then().statusCode(201);
        byte[] key = RoomKeys.fromPassphrase("correct horse battery staple", kdf);

        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        Mqtt.join(alice.publishWith().topic("parley/rooms/" + ROOM + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(sealedEnvelope(key, "alice", "sealed-1", SECRET)).send());
        // Plaintext is refused in an encrypted room, so it never reaches the bridge either.
        var plain = alice.publishWith().topic("parley/rooms/" + ROOM + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"plain-1\",\"text\":\"" + SECRET + "\"}").getBytes()).send();
        assertThatThrownBy(plain::join).hasCauseInstanceOf(Mqtt5PubAckException.class);
        // control: a plain room's words do reach the disk, so the search of the files below can find text
        Mqtt.join(alice.publishWith().topic("parley/rooms/lobby/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("openfish-4711".getBytes()).send());

        String topic = prefix + "/rooms/" + ROOM + "/messages";
        await().atMost(WAIT).until(() -> onRemote.stream().anyMatch(p -> p.getTopic().toString().equals(topic)));
        List<String> seenByThePublic = onRemote.stream().map(Mqtt::text).toList();
        assertThat(seenByThePublic).noneMatch(payload -> payload.contains(SECRET) || payload.contains("tangerine"));
        assertThat(seenByThePublic).noneMatch(payload -> payload.contains("plain-1"));

        JsonNode bridged = JSON.readTree(onRemote.stream().filter(p -> p.getTopic().toString().equals(topic))
                .findFirst().orElseThrow().getPayloadAsBytes());
        assertThat(bridged.path("type").asText()).isEqualTo("e2e");
        byte[] opened = new E2eCipher(key).open(ROOM, bridged.path("from").asText(), bridged.path("id").asText(),
                Sealed.fromJson(bridged.get("e2e")));
        assertThat(SecretText.decode(JSON, opened).text()).isEqualTo(SECRET);

        assertThat(dataDirHolds("openfish-4711")).as("control: plain text is on disk").isTrue();
        assertThat(dataDirHolds("tangerine")).as("the encrypted room's text").isFalse();
        alice.disconnect();
    }

    /** Whether any file under the server's data dir (database, WAL, broker files, outbox) holds these bytes. */
    private static boolean dataDirHolds(String needle) throws Exception {
        try (var files = Files.walk(server.config().dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.io.IOException e) {
                    continue; // a file that went away meanwhile
                }
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains(needle)) {
                    return true;
                }
            }
        }
        return false;
    }
}
