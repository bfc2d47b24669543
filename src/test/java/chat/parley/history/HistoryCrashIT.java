package chat.parley.history;

import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A server killed with SIGKILL mid-stream loses no acknowledged message and stores none twice. */
class HistoryCrashIT {

    @TempDir
    Path dataDir;

    /** Where the server keeps its history: {@code parley.db} here, PostgreSQL in {@link PostgresHistoryCrashIT}. */
    String[] storeArgs() {
        return new String[0];
    }

    @Test
    void every_acknowledged_message_survives_a_sigkill() throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        int sent = 0;
        try (var server = ParleyProcess.start(dataDir, storeArgs())) {
            var client = Mqtt.v5(server.mqttPort(), "crashtester");
            var window = new Semaphore(200);
            while (acked.size() < 3000 && sent < 50_000) {
                window.acquire();
                String id = "c" + sent++;
                client.publishWith().topic("parley/rooms/crash/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"id\":\"" + id + "\",\"text\":\"crash test " + id + "\"}").getBytes())
                        .send()
                        .whenComplete((result, error) -> {
                            if (error == null && result.getError().isEmpty()) {
                                acked.add(id);
                            }
                            window.release();
                        });
            }
            server.kill(); // mid-stream: up to 200 publishes are in flight
            for (int i = 0; i < 200 && !window.tryAcquire(200, 50, TimeUnit.MILLISECONDS); i++) {
                // wait until every in-flight publish has failed or been acknowledged
            }
        }
        Set<String> ackedAtCrash = Set.copyOf(acked);
        assertThat(ackedAtCrash).hasSizeGreaterThanOrEqualTo(3000);

        try (var restarted = ParleyProcess.start(dataDir, storeArgs())) {
            List<String> ids = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            long after = 0;
            while (true) {
                JsonPath page = RestAssured.given().port(restarted.httpPort())
                        .queryParam("after", after).queryParam("limit", 500)
                        .get("/api/rooms/crash/messages").then().statusCode(200).extract().jsonPath();
                List<String> pageIds = page.getList("messages.id");
                List<Long> pageSeqs = page.getList("messages.seq", Long.class);
                ids.addAll(pageIds);
                seqs.addAll(pageSeqs);
                if (!page.getBoolean("hasMore")) {
                    break;
                }
                after = pageSeqs.get(pageSeqs.size() - 1);
            }
            assertThat(ids).as("no message stored twice").doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as("zero acknowledged messages lost").containsAll(ackedAtCrash);
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
            System.out.printf("crash test: %d sent, %d acknowledged before SIGKILL, %d stored after restart%n",
                    sent, ackedAtCrash.size(), ids.size());
            await().atMost(Duration.ofSeconds(5)).until(() -> restarted.process().isAlive());
        }
    }
}
