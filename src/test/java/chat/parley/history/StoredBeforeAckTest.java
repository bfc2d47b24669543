package chat.parley.history;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import chat.parley.chat.Envelope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Messages published over MQTT are stored before they are acknowledged, once each, in order. */
class StoredBeforeAckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    @Test
    void ten_thousand_messages_from_ten_publishers_are_stored_exactly_once_with_gap_free_seq() throws Exception {
        int publishers = 10;
        int perPublisher = 1000;
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "listener");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/load/messages");

        var futures = new ArrayList<CompletableFuture<Mqtt5PublishResult>>();
        for (int p = 0; p < publishers; p++) {
            Mqtt5AsyncClient client = Mqtt.v5(parley.server().mqttPort(), "pub" + p);
            for (int i = 0; i < perPublisher; i++) {
                String body = "{\"id\":\"p" + p + "-" + i + "\",\"text\":\"" + p + ":" + i + "\"}";
                futures.add(client.publishWith().topic("parley/rooms/load/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(body.getBytes()).send());
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (var future : futures) {
            assertThat(future.get().getError()).isEmpty();
        }

        var stored = new ArrayList<Envelope>();
        parley.server().store().export("load", stored::add);
        int total = publishers * perPublisher;
        assertThat(stored).hasSize(total);
        assertThat(stored).extracting(Envelope::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(new HashSet<>(stored.stream().map(Envelope::id).toList())).hasSize(total);

        Map<String, Integer> lastIndexByPublisher = new HashMap<>();
        for (Envelope e : stored) {
            String[] parts = e.text().split(":");
            int index = Integer.parseInt(parts[1]);
            assertThat(e.from()).isEqualTo("pub" + parts[0]);
            Integer previous = lastIndexByPublisher.put(parts[0], index);
            assertThat(index).as("per-publisher order for " + e.from()).isEqualTo(previous == null ? 0 : previous + 1);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.size() == total);
        List<Long> delivered = new ArrayList<>();
        for (var publish : inbox) {
            delivered.add(JSON.readTree(Mqtt.text(publish)).get("seq").asLong());
        }
        assertThat(new HashSet<>(delivered)).as("subscribers see each stored seq once").hasSize(total);
    }

    @Test
    void a_puback_means_the_message_is_already_in_history() {
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        for (int i = 0; i < 50; i++) {
            String id = "ack-" + i;
            Mqtt.join(alice.publishWith().topic("parley/rooms/acked/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"" + id + "\",\"text\":\"n" + i + "\"}").getBytes()).send());
            MessagePage latest = parley.server().store().latest("acked", 1);
            assertThat(latest.messages()).extracting(Envelope::id).containsExactly(id);
        }
    }

    @Test
    void a_resent_message_id_is_stored_and_delivered_once() throws Exception {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "bob");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/retry/messages");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        byte[] message = "{\"id\":\"client-retry-1\",\"text\":\"did this arrive?\"}".getBytes();

        Mqtt.join(alice.publishWith().topic("parley/rooms/retry/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(message).send());
        var again = Mqtt.join(alice.publishWith().topic("parley/rooms/retry/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(message).send());
        Mqtt.join(alice.publishWith().topic("parley/rooms/retry/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"client-retry-2\",\"text\":\"next\"}".getBytes()).send());

        assertThat(again.getError()).as("the retry is acknowledged").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() >= 2);
        List<JsonNode> received = new ArrayList<>();
        for (var publish : inbox) {
            received.add(JSON.readTree(Mqtt.text(publish)));
        }
        assertThat(received).extracting(n -> n.get("id").asText()).containsExactly("client-retry-1", "client-retry-2");
        assertThat(received).extracting(n -> n.get("seq").asLong()).containsExactly(1L, 2L);
        assertThat(parley.server().store().latest("retry", 10).messages()).hasSize(2);
    }
}
