package chat.parley;

import chat.parley.config.ParleyConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A database whose pages are damaged behind an intact header is refused at start with one line that names the file
 * and what to do (exit 1), and {@code parley doctor} says how to recover it.
 */
class DamagedDatabaseTest {

    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int parley(String... args) {
        var cli = Parley.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String[] withSettings(String command, Path dataDir) {
        return new String[] {command, "--bind", "127.0.0.1", "--http-port", "0", "--mqtt-port", "0", "--ws-port", "0",
                "--discovery", "false", "--data-dir", dataDir.toString()};
    }

    @Test
    void damaged_pages_stop_the_start_with_one_line_and_exit_1_and_doctor_says_how_to_recover() throws Exception {
        Path dataDir = dir.resolve("data");
        ParleyConfig config = ParleyConfig.ephemeral(dataDir).withRateLimit(TestServer.UNLIMITED);
        try (var server = ParleyServer.start(config)) {
            Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
            String text = "a message long enough to fill pages ".repeat(20);
            for (int i = 0; i < 300; i++) {
                Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"id\":\"m" + i + "\",\"text\":\"" + text + i + "\"}").getBytes()).send());
            }
            Mqtt.join(alice.disconnect());
        }
        Path db = dataDir.resolve("parley.db");
        assertThat(parley(withSettings("doctor", dataDir))).as(out.toString()).isZero();
        assertThat(out.toString()).contains("ok    database   " + db.toAbsolutePath() + " passed quick_check");

        damageMiddlePages(db);

        StartupException refused = catchThrowableOfType(() -> ParleyServer.start(config), StartupException.class);
        assertThat(refused).as("the server refuses to start").isNotNull();
        assertThat(refused.getMessage()).doesNotContain("\n").contains(db.toAbsolutePath().toString())
                .contains("is damaged").contains("parley doctor").contains(".recover").contains("restore a copy");

        err.getBuffer().setLength(0);
        assertThat(parley(withSettings("serve", dataDir))).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("parley: the database " + db.toAbsolutePath() + " is damaged");

        out.getBuffer().setLength(0);
        assertThat(parley(withSettings("doctor", dataDir))).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL  database   " + db.toAbsolutePath() + " is damaged")
                .contains("sqlite3 " + db.toAbsolutePath() + " .recover | sqlite3 ")
                .contains("restore parley.db from your latest backup").contains("Some checks failed.");
    }

    /** Overwrites the middle third of the file's pages with a pattern no b-tree page has; page 1 stays intact. */
    private static void damageMiddlePages(Path db) throws IOException {
        try (var file = new RandomAccessFile(db.toFile(), "rw")) {
            long pages = file.length() / PAGE;
            assertThat(pages).as("enough pages to damage some in the middle").isGreaterThan(20);
            byte[] junk = new byte[PAGE];
            Arrays.fill(junk, (byte) 0x5A);
            for (long page = pages / 3; page < 2 * pages / 3; page++) {
                file.seek(page * PAGE);
                file.write(junk);
            }
        }
    }
}
