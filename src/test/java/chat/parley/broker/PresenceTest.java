package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server publishes retained presence for signed-in users; nobody else can. */
class PresenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static List<String> statuses(List<Mqtt5Publish> inbox, String user) {
        return inbox.stream().map(PresenceTest::json)
                .filter(n -> n.get("user").asText().equals(user))
                .map(n -> n.get("status").asText()).toList();
    }

    private static JsonNode json(Mqtt5Publish publish) {
        try {
            return JSON.readTree(Mqtt.text(publish));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void user_is_online_while_any_connection_is_open_and_offline_after_the_last() {
        var watcher = Mqtt.v5(parley.server().mqttPort(), "watcher");
        var inbox = Mqtt.subscribe(watcher, "parley/presence/+");

        var phone = Mqtt.v5(parley.server().mqttPort(), "alice");
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(inbox, "alice").equals(List.of("online")));
        var laptop = Mqtt.v5(parley.server().mqttPort(), "alice");
        Mqtt.join(phone.disconnect());
        var marker = Mqtt.v5(parley.server().mqttPort(), "marker"); // an event after the phone left, to wait on
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(inbox, "marker").equals(List.of("online")));
        assertThat(statuses(inbox, "alice")).as("the laptop is still connected").containsExactly("online");

        Mqtt.join(laptop.disconnect());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> statuses(inbox, "alice").equals(List.of("online", "offline")));
        marker.disconnect();
    }

    @Test
    void presence_is_retained_for_late_subscribers() {
        var bob = Mqtt.v5(parley.server().mqttPort(), "bob");
        var late = Mqtt.v5(parley.server().mqttPort(), "late");
        var inbox = Mqtt.subscribe(late, "parley/presence/bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
        JsonNode presence = json(inbox.get(0));
        assertThat(inbox.get(0).isRetain()).isTrue();
        assertThat(presence.get("status").asText()).isEqualTo("online");
        assertThat(presence.get("since").asLong()).isPositive();
        bob.disconnect();
    }

    @Test
    void anonymous_clients_have_no_presence() {
        var watcher = Mqtt.v5(parley.server().mqttPort(), "watcher2");
        var inbox = Mqtt.subscribe(watcher, "parley/presence/+");
        var anonymous = Mqtt.v5(parley.server().mqttPort(), null);
        var marker = Mqtt.v5(parley.server().mqttPort(), "marker2");
        await().atMost(Duration.ofSeconds(10)).until(() -> !statuses(inbox, "marker2").isEmpty());
        assertThat(inbox).allSatisfy(p -> assertThat(json(p).get("user").asText()).doesNotStartWith("t5-"));
        anonymous.disconnect();
        marker.disconnect();
    }
}
