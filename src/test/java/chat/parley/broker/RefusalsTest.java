package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import chat.parley.chat.Refusal;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Every chat rule the extension enforces, seen by real MQTT 5 and MQTT 3.1.1 publishers. */
class RefusalsTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    static Stream<Arguments> refusals() {
        String tooLongText = "x".repeat(4001);
        byte[] tooLargePayload = ("{\"text\":\"" + "y".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("room id with capitals", "parley/rooms/General/messages", "hi".getBytes(),
                        Refusal.INVALID_TOPIC, Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID),
                Arguments.of("unknown chat topic", "parley/whatever", "hi".getBytes(),
                        Refusal.INVALID_TOPIC, Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID),
                Arguments.of("invalid UTF-8", "parley/rooms/general/messages", new byte[] {(byte) 0xC3, (byte) 0x28},
                        Refusal.INVALID_UTF8, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID),
                // An envelope is parsed from its bytes: they are checked as UTF-8 all the same.
                Arguments.of("invalid UTF-8 in an envelope", "parley/rooms/general/messages",
                        new byte[] {' ', '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        Refusal.INVALID_UTF8, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID),
                Arguments.of("invalid JSON", "parley/rooms/general/messages", "{\"text\": ".getBytes(),
                        Refusal.INVALID_JSON, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID),
                Arguments.of("unknown type", "parley/rooms/general/messages",
                        "{\"type\":\"sticker\",\"text\":\"x\"}".getBytes(),
                        Refusal.INVALID_ENVELOPE, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID),
                Arguments.of("text over the limit", "parley/rooms/general/messages",
                        tooLongText.getBytes(), Refusal.TEXT_TOO_LONG, Mqtt5PubAckReasonCode.QUOTA_EXCEEDED),
                Arguments.of("payload over the limit", "parley/rooms/general/messages", tooLargePayload,
                        Refusal.PAYLOAD_TOO_LARGE, Mqtt5PubAckReasonCode.QUOTA_EXCEEDED),
                Arguments.of("presence is server-only", "parley/presence/alice", "{\"status\":\"online\"}".getBytes(),
                        Refusal.NOT_AUTHORIZED, Mqtt5PubAckReasonCode.NOT_AUTHORIZED),
                Arguments.of("room meta is server-only", "parley/rooms/general/meta", "{}".getBytes(),
                        Refusal.NOT_AUTHORIZED, Mqtt5PubAckReasonCode.NOT_AUTHORIZED),
                Arguments.of("system messages are server-only", "parley/rooms/general/messages",
                        "{\"type\":\"system\",\"text\":\"server restarting\"}".getBytes(),
                        Refusal.NOT_AUTHORIZED, Mqtt5PubAckReasonCode.NOT_AUTHORIZED),
                Arguments.of("someone else's DM", "parley/dm/bob/carol/messages", "hi".getBytes(),
                        Refusal.NOT_AUTHORIZED, Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void mqtt5_publisher_gets_the_matching_puback_reason_code(String name, String topic, byte[] payload,
                                                               Refusal refusal, Mqtt5PubAckReasonCode code) {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "watcher");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/#");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        long countBefore = parley.server().refusals().count(refusal);

        var future = alice.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code);
                    assertThat(e.getMqttMessage().getReasonString()).isPresent();
                });
        assertThat(parley.server().refusals().count(refusal)).isEqualTo(countBefore + 1);
        assertThat(alice.getState().isConnected()).as("a refusal does not disconnect an MQTT 5 client").isTrue();
        // A message sent after the refused one arrives, and it is the only thing that does.
        Mqtt.join(alice.publishWith().topic("parley/rooms/after/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("still here".getBytes()).send());
        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).getTopic().toString()).isEqualTo("parley/rooms/after/messages");
        listener.disconnect();
        alice.disconnect();
    }

    @Test
    void mqtt311_publisher_has_a_refused_message_dropped_and_stays_connected() {
        Mqtt5AsyncClient listener = Mqtt.v5(parley.server().mqttPort(), "watcher3");
        var inbox = Mqtt.subscribe(listener, "parley/rooms/+/messages");
        Mqtt3AsyncClient old = Mqtt.v3(parley.server().mqttPort(), "oldtimer");
        long before = parley.server().refusals().count(Refusal.TEXT_TOO_LONG);

        Mqtt.join(old.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("z".repeat(5000).getBytes()).send());
        Mqtt.join(old.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("short and fine".getBytes()).send());

        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
        assertThat(inbox).hasSize(1);
        assertThat(Mqtt.text(inbox.get(0))).contains("short and fine");
        assertThat(old.getState().isConnected()).isTrue();
        assertThat(parley.server().refusals().count(Refusal.TEXT_TOO_LONG)).isEqualTo(before + 1);
    }

    @Test
    void refusals_are_counted_in_metrics() {
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        var future = alice.publishWith().topic("parley/rooms/BAD/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("x".getBytes()).send();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Mqtt5PubAckException.class);

        RestAssured.given().port(parley.server().httpPort()).get("/metrics").then()
                .statusCode(200)
                .body(containsString("parley_refusals_total{reason=\"invalid_topic\"}"));
    }
}
