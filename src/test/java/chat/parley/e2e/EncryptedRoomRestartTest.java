package chat.parley.e2e;

import chat.parley.ApiSessions;
import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The broker keeps retained messages in memory: a restarted server publishes each room's meta again. */
class EncryptedRoomRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void meta_is_published_again_and_still_enforced_after_a_restart() throws Exception {
        var config = TestServer.ephemeralConfig();
        var kdf = KdfParams.fresh();
        String check = KeyCheck.of(RoomKeys.fromInviteKey(RoomKeys.newInviteKey()), "kept");
        try (ParleyServer first = ParleyServer.start(config)) {
            ApiSessions.signedIn(first.httpPort()).body(EncryptedRoomTest.metaRequest(kdf))
                    .post("/api/rooms/kept/meta").then().statusCode(201);
            ApiSessions.signedIn(first.httpPort()).body("{\"check\":\"" + check + "\"}")
                    .put("/api/rooms/kept/meta/check").then().statusCode(200); // added later, as to an older room
        }
        try (ParleyServer second = ParleyServer.start(config)) {
            var inbox = Mqtt.subscribe(Mqtt.v5(second.mqttPort(), "late"), "parley/rooms/+/meta");
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
            JsonNode meta = JSON.readTree(Mqtt.text(inbox.get(0)));
            assertThat(inbox.get(0).isRetain()).isTrue();
            assertThat(meta.get("room").asText()).isEqualTo("kept");
            assertThat(meta.at("/kdf/salt").asText()).isEqualTo(kdf.saltText());
            assertThat(meta.get("check").asText()).isEqualTo(check);

            var refused = Mqtt.v5(second.mqttPort(), "alice").publishWith().topic("parley/rooms/kept/messages")
                    .qos(MqttQos.AT_LEAST_ONCE).payload("plain".getBytes()).send();
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }
}
