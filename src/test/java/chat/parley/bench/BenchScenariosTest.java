package chat.parley.bench;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code parley bench} MQTT scenario at a tiny size against a real server, so the benchmarks cannot rot. Checks
 * what they report (counts, rows), never how fast anything was.
 */
class BenchScenariosTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension()
            .withConfig(c -> c.withRateLimit(TestServer.UNLIMITED));

    private static String bench(String... args) {
        var out = new StringWriter();
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "mqtt://127.0.0.1:" + parley.server().mqttPort()));
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).execute(all.toArray(String[]::new));
        assertThat(exit).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void fanout_reports_every_message_delivered_to_every_subscriber_once() {
        String out = bench("fanout", "--publishers", "2", "--subscribers", "3", "--rate", "10", "--seconds", "2",
                "--warmup", "1");
        assertThat(out).contains("| fanout 2 → 3, 10 msg/s, 2 s, QoS 1 | delivered 60 of 60, lost 0, duplicates 0")
                .containsPattern("p50 / p90 / p99 / max [0-9.]+ / [0-9.]+ / [0-9.]+ / [0-9.]+ ms");
    }

    @Test
    void throughput_reports_a_rate_for_qos_0_and_1() {
        String out = bench("throughput", "--pairs", "2", "--window", "5", "--seconds", "1", "--warmup", "1");
        assertThat(out).containsPattern("\\| throughput 2 pairs, window 5, 1 s, QoS 0 \\| [0-9]+ msg/s")
                .containsPattern("\\| throughput 2 pairs, window 5, 1 s, QoS 1 \\| [0-9]+ msg/s");
        assertThat(out).doesNotContain("| 0 msg/s");
    }

    @Test
    void connections_are_held_and_every_member_gets_the_probe() {
        String out = bench("connections", "--clients", "20", "--rooms", "4", "--hold", "0");
        assertThat(out).contains("| connections 20 in 4 rooms (20 on presence) | 20 connected, 0 failed")
                .contains("probes 20 of 20");
    }

    @Test
    void the_message_format_survives_parleys_stamping() {
        var stamped = "{\"v\":1,\"id\":\"r-7\",\"type\":\"text\",\"text\":\"7 123456 benchmark message\"}";
        assertThat(BenchMessage.decode(java.nio.ByteBuffer.wrap(stamped.getBytes()))).containsExactly(7, 123456);
        assertThat(BenchMessage.decode(java.nio.ByteBuffer.wrap(BenchMessage.encode("r", 7, 123456))))
                .containsExactly(7, 123456);
    }
}
