package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code /metrics} is valid Prometheus text whose counters move with traffic; {@code /api/admin/stats} too. */
class MetricsAndStatsTest {

    /** One sample line of the Prometheus text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    /** Every sample of a scrape, keyed by name plus labels as written; fails on any line that isn't valid. */
    private static Map<String, Double> scrape() {
        String text = api().get("/metrics").then().statusCode(200).extract().asString();
        var samples = new HashMap<String, Double>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("Prometheus sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(
                    m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }

    private static double sum(Map<String, Double> samples, String prefix) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void metrics_parse_and_move_when_messages_flow() {
        Map<String, Double> before = scrape();
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("com_hivemq_")); // the broker's own metrics
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));

        Mqtt5AsyncClient uma = Mqtt.v5(parley.server().mqttPort(), "uma");
        for (int i = 0; i < 5; i++) {
            Mqtt.join(uma.publishWith().topic("parley/rooms/metered/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("m" + i).getBytes()).send());
        }
        assertThatThrownBy(() -> Mqtt.join(uma.publishWith().topic("parley/rooms/BAD ROOM/messages")
                .qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes()).send())).hasMessageContaining("PUBACK");
        api().get("/api/rooms/metered/messages").then().statusCode(200);

        Map<String, Double> after = scrape();
        assertThat(sum(after, "parley_mqtt_messages_in_total") - sum(before, "parley_mqtt_messages_in_total"))
                .isGreaterThanOrEqualTo(6);
        assertThat(sum(after, "parley_store_commit_seconds_count") - sum(before, "parley_store_commit_seconds_count"))
                .isPositive();
        assertThat(after.get("parley_refusals_total{reason=\"invalid_topic\"}")
                - before.get("parley_refusals_total{reason=\"invalid_topic\"}")).isEqualTo(1);
        assertThat(sum(after, "com_hivemq_messages_incoming_publish_count")
                - sum(before, "com_hivemq_messages_incoming_publish_count")).isGreaterThanOrEqualTo(6);
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("http_server_requests_seconds_count")
                && k.contains("route=\"/api/rooms/{room}/messages\"") && k.contains("status=\"200\""));
        Mqtt.join(uma.disconnect());
    }

    @Test
    void stats_show_connections_traffic_storage_uptime_and_heap() {
        Mqtt5AsyncClient vic = Mqtt.v5(parley.server().mqttPort(), "vic");
        RequestSpecification admin = api().header("Authorization", "Bearer " + parley.server().adminToken().value());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Mqtt.join(vic.publishWith().topic("parley/rooms/stats/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("tick".getBytes()).send());
            JsonPath stats = admin.get("/api/admin/stats").then().statusCode(200).extract().jsonPath();
            assertThat(stats.getInt("connections")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getLong("storedMessages")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getLong("databaseBytes")).isPositive();
            assertThat(stats.getLong("uptimeSeconds")).isGreaterThanOrEqualTo(0);
            assertThat(stats.getLong("heap.usedBytes")).isPositive();
            assertThat(stats.getLong("heap.maxBytes")).isGreaterThanOrEqualTo(stats.getLong("heap.usedBytes"));
            List<Integer> in = stats.getList("traffic.in");
            assertThat(in).anyMatch(n -> n > 0);
        });
        api().get("/api/admin/stats").then().statusCode(401);
        Mqtt.join(vic.disconnect());
    }
}
