package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Typing signals reach a room's people only while it has at most {@code typing-max-people} online (here 2): in a larger
 * room they are acknowledged, delivered to nobody and counted; a bad one is still refused.
 */
class TypingInLargeRoomsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern DROPPED =
            Pattern.compile("(?m)^parley_typing_dropped_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(c -> c.withTypingMaxPeople(2));

    private static double dropped() {
        String text = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/metrics").then().statusCode(200).extract().asString();
        Matcher m = DROPPED.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Opens the room as the web client does: its presence (which makes the user one of its people) and typing. */
    private static List<Mqtt5Publish> open(Mqtt5AsyncClient client, String room) {
        Mqtt.subscribe(client, "parley/rooms/" + room + "/presence");
        return Mqtt.subscribe(client, "parley/rooms/" + room + "/typing");
    }

    private static void typing(Mqtt5AsyncClient client, String room, String payload, MqttQos qos) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/typing").qos(qos)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
    }

    private static void say(Mqtt5AsyncClient client, String room, String id) {
        Mqtt.join(client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"id\":\"" + id + "\",\"text\":\"hello\"}").getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void typing_reaches_a_small_room_not_a_large_one_and_again_once_it_is_small() {
        int port = parley.server().mqttPort();
        var alice = Mqtt.v5(port, "alice");
        var bob = Mqtt.v5(port, "bob");
        open(alice, "porch");
        var bobSeesTyping = open(bob, "porch");
        var bobSeesMessages = Mqtt.subscribe(bob, "parley/rooms/porch/messages");

        var aliceOnHerPhone = Mqtt.v5(port, "alice");
        open(aliceOnHerPhone, "porch"); // a second connection of alice: still two people
        typing(alice, "porch", "{\"typing\":true}", MqttQos.AT_MOST_ONCE);
        await().atMost(WAIT).until(() -> bobSeesTyping.size() == 1);
        assertThat(Mqtt.text(bobSeesTyping.get(0))).contains("\"from\":\"alice\"");

        var carol = Mqtt.v5(port, "carol");
        var carolSeesTyping = open(carol, "porch"); // three people: more than 2
        double droppedBefore = dropped();
        typing(alice, "porch", "{\"typing\":true}", MqttQos.AT_LEAST_ONCE); // acknowledged all the same
        await().atMost(WAIT).until(() -> dropped() == droppedBefore + 1);
        say(alice, "porch", "after-dropped-typing"); // published after the signal: it arrives after it would have
        var carolSeesMessages = Mqtt.subscribe(carol, "parley/rooms/porch/messages");
        say(alice, "porch", "after-dropped-typing-2");
        await().atMost(WAIT).until(() -> bobSeesMessages.size() == 2 && carolSeesMessages.size() == 1);
        assertThat(bobSeesTyping).hasSize(1);
        assertThat(carolSeesTyping).isEmpty();

        Throwable bad = catchThrowable(() -> typing(alice, "porch", "{\"typing\":\"yes\"}", MqttQos.AT_LEAST_ONCE));
        assertThat(bad).hasRootCauseInstanceOf(Mqtt5PubAckException.class); // still checked in a large room

        Mqtt.join(carol.unsubscribeWith().topicFilter("parley/rooms/porch/presence").send()); // two again
        typing(alice, "porch", "{\"typing\":false}", MqttQos.AT_MOST_ONCE);
        await().atMost(WAIT).until(() -> bobSeesTyping.size() == 2);
        assertThat(Mqtt.text(bobSeesTyping.get(1))).contains("\"typing\":false");

        var dave = Mqtt.v5(port, "dave");
        open(dave, "porch"); // three again, until dave's connection is gone
        typing(alice, "porch", "{\"typing\":true}", MqttQos.AT_LEAST_ONCE);
        await().atMost(WAIT).until(() -> dropped() == droppedBefore + 2);
        Mqtt.join(dave.disconnect());
        await().atMost(WAIT).until(() -> {
            typing(alice, "porch", "{\"typing\":true}", MqttQos.AT_LEAST_ONCE); // the leave is seen a moment later
            return bobSeesTyping.size() >= 3;
        });
    }

    @Test
    void the_limit_is_in_the_server_info_for_clients() {
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/api/info").then().statusCode(200)
                .body("limits.typingMaxPeople", org.hamcrest.Matchers.equalTo(2));
    }
}
