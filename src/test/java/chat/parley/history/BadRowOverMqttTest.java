package chat.parley.history;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Over MQTT: a publish whose row the database refuses gets its own negative PUBACK; the rest of its batch is acked. */
class BadRowOverMqttTest {

    private static final Pattern QUEUED = Pattern.compile("(?m)^parley_store_queue(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final Pattern BATCHES =
            Pattern.compile("(?m)^parley_store_batch_size_count(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static double metric(Pattern pattern) {
        String text = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .get("/metrics").then().statusCode(200).extract().asString();
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void twenty_publishes_in_one_group_commit_one_poisoned_nineteen_stored_and_acknowledged() throws Exception {
        String url = "jdbc:sqlite:" + parley.server().config().dataDir().resolve("parley.db");
        var clients = new ArrayList<Mqtt5AsyncClient>(); // one publish each: the broker holds a client's next
        for (int i = 1; i <= 20; i++) {                 // publish until its previous one is acknowledged
            clients.add(Mqtt.v5(parley.server().mqttPort(), "user" + i));
        }
        var futures = new ArrayList<CompletableFuture<Mqtt5PublishResult>>();
        double batchesBefore;
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute(BadRowFailsAloneTest.POISON);
            batchesBefore = metric(BATCHES);
            // Another process holds the write lock, so the server's writer waits and the 20 publishes queue up:
            // they are written in one group commit once it lets go.
            st.execute("BEGIN IMMEDIATE");
            for (int i = 1; i <= 20; i++) {
                String text = i == 7 ? "a poison pill" : "message " + i;
                futures.add(clients.get(i - 1).publishWith().topic("parley/rooms/poisoned/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"id\":\"p" + i + "\",\"text\":\"" + text + "\"}").getBytes()).send());
            }
            await().atMost(Duration.ofSeconds(8)).until(() -> metric(QUEUED) >= 20);
            st.execute("COMMIT");
        }

        var codes = new ArrayList<Mqtt5PubAckReasonCode>();
        String refusal = null;
        for (var future : futures) {
            try {
                var result = future.get(30, TimeUnit.SECONDS);
                codes.add(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode());
            } catch (ExecutionException e) {
                var refused = (Mqtt5PubAckException) e.getCause();
                codes.add(refused.getMqttMessage().getReasonCode());
                refusal = refused.getMqttMessage().getReasonString().map(Object::toString).orElse(null);
            }
        }
        assertThat(codes.get(6)).isEqualTo(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        codes.remove(6);
        assertThat(codes).as("the other 19 are acknowledged (no subscriber here)").hasSize(19)
                .allMatch(code -> !code.isError());
        assertThat(refusal).contains("could not be stored");
        assertThat(parley.server().refusals().count(Refusal.UNSTORABLE)).isEqualTo(1);
        assertThat(metric(BATCHES) - batchesBefore).as("one group commit").isEqualTo(1);

        List<Envelope> stored = new ArrayList<>();
        parley.server().store().export("poisoned", stored::add);
        assertThat(stored).extracting(Envelope::id).hasSize(19).doesNotContain("p7");
        assertThat(stored).extracting(Envelope::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 19).boxed().toList());
        assertThat(parley.server().store().writeProblem()).isEmpty();
    }
}
