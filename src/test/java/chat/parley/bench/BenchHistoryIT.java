package chat.parley.bench;

import chat.parley.ParleyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code parley bench history} at a tiny size, run from the jar as a user runs it (it starts its own server, so it
 * gets its own process), so the history benchmark cannot rot. Checks what it reports, never how fast.
 */
class BenchHistoryIT {

    @TempDir
    Path dir;

    @Test
    void history_bench_stores_every_message_then_reports_each_query() {
        try (var bench = ParleyProcess.launch("bench", "history", "--messages", "3000", "--mqtt-messages", "200",
                "--publishers", "2", "--rooms", "5", "--warmup-requests", "20", "--data-dir", dir.toString())) {
            await().atMost(Duration.ofMinutes(3)).until(() -> bench.process().isAlive() == false);
            String out = bench.stdout();
            assertThat(bench.waitForExit()).as(out + bench.stderr()).isZero();
            assertThat(out).contains("stored over MQTT, QoS 1, 2 publishers × 100, window 100")
                    .contains("(200 acked, 0 failed)")
                    .contains("filled the store to 3000 messages in 5 rooms")
                    .contains("search index brought up to date");
            assertThat(out.lines().filter(line -> line.startsWith("| GET ")))
                    .hasSize(8)
                    .allSatisfy(line -> assertThat(line).contains("at 3000 stored").containsPattern(
                            "p50/p99/max \\d+\\.\\d+ / \\d+\\.\\d+ / \\d+\\.\\d+ ms"));
        }
    }
}
