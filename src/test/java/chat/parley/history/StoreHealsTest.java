package chat.parley.history;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Envelope;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full disk fails stores (PUBACK 0x80, health degraded, counted) and, once space is back, the next publish is stored
 * again without a restart. The full disk is SQLite's page limit lowered on the writer's connection: no root, no small
 * file system.
 */
class StoreHealsTest {

    private static final Pattern FAILURES = Pattern.compile(
            "(?m)^parley_store_failures_total\\{[^}]*reason=\"full\"[^}]*} ([0-9.eE+]+)$");

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static Response get(String path) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort()).get(path);
    }

    /** The PUBACK's reason code (the client fails the future on an error code; the code is in the exception). */
    private static Mqtt5PubAckReasonCode publish(Mqtt5AsyncClient client, String id, String text) throws Exception {
        try {
            var result = client.publishWith().topic("parley/rooms/disk/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes()).send()
                    .get(30, TimeUnit.SECONDS);
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Mqtt5PubAckException refused) {
                return refused.getMqttMessage().getReasonCode();
            }
            throw e;
        }
    }

    private static double fullFailures() {
        Matcher m = FAILURES.matcher(get("/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void a_full_disk_fails_stores_and_they_work_again_once_space_is_freed_without_a_restart() throws Exception {
        var store = (SqliteMessageStore) parley.server().store();
        var inbox = Mqtt.subscribe(Mqtt.v5(parley.server().mqttPort(), "bob"), "parley/rooms/disk/messages");
        Mqtt5AsyncClient alice = Mqtt.v5(parley.server().mqttPort(), "alice");
        assertThat(publish(alice, "before", "stored while there is space")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        get("/api/health").then().statusCode(200);
        double failuresBefore = fullFailures();

        store.limitPagesForTesting(true); // the disk is full: no page can be added
        String big = "x".repeat(3000); // more than a page's free space: the insert must grow the file
        var failed = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            String id = "full-" + i;
            assertThat(publish(alice, id, big + i)).as("publish %s is refused with 0x80", id)
                    .isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
            failed.add(id);
        }
        Response degraded = get("/api/health");
        assertThat(degraded.statusCode()).isEqualTo(503);
        assertThat(degraded.jsonPath().getString("status")).isEqualTo("degraded");
        assertThat(degraded.jsonPath().getString("store")).isEqualTo("failing");
        assertThat(degraded.jsonPath().getString("reason")).contains("full");
        assertThat(fullFailures()).isGreaterThanOrEqualTo(failuresBefore + 3);

        store.limitPagesForTesting(false); // space freed
        // The very next publish is stored: no waiting, no restart.
        assertThat(publish(alice, "after", big)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        get("/api/health").then().statusCode(200);
        assertThat(get("/api/health").jsonPath().getString("status")).isEqualTo("up");
        assertThat(get("/api/health").jsonPath().getString("store")).isEqualTo("up");

        List<String> ids = get("/api/rooms/disk/messages?limit=100").then().statusCode(200).extract().jsonPath()
                .getList("messages.id", String.class);
        assertThat(ids).contains("before", "after").doesNotContainAnyElementsOf(failed);
        assertThat(store.latest("disk", 100).messages()).extracting(Envelope::id).doesNotContainAnyElementsOf(failed);
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() >= 2);
        assertThat(inbox).extracting(Mqtt::text).noneMatch(text -> text.contains("full-"));
    }
}
