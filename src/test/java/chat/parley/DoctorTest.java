package chat.parley;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley doctor}: one line per check, exit 0 when all pass, 1 when one fails. */
class DoctorTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int doctor(String... args) {
        var cli = Parley.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void all_checks_pass_on_free_ports_and_a_writable_data_dir() {
        int code = doctor("--bind", "127.0.0.1", "--http-port", "0", "--mqtt-port", "0", "--ws-port", "0",
                "--data-dir", dir.resolve("new").toString());
        assertThat(out.toString()).contains("ok    java       " + System.getProperty("java.version"))
                .contains("ok    data dir   " + dir.resolve("new").toAbsolutePath() + " does not exist yet")
                .contains("ok    database   " + dir.resolve("new").resolve("parley.db").toAbsolutePath()
                        + " does not exist yet")
                .contains("ok    http port  0: a free port is picked at start")
                .contains("--    tls        TLS: not configured")
                .contains("All checks passed.");
        assertThat(code).isZero();
    }

    @Test
    void a_port_in_use_fails_with_the_flag_to_change_it_and_exit_1() throws IOException {
        try (var busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int code = doctor("--bind", "127.0.0.1", "--mqtt-port", String.valueOf(busy.getLocalPort()),
                    "--http-port", "0", "--ws-port", "0", "--data-dir", dir.toString());
            assertThat(out.toString()).contains("FAIL  mqtt port  " + busy.getLocalPort() + " is in use on 127.0.0.1")
                    .contains("choose another with --mqtt-port").contains("Some checks failed.");
            assertThat(code).isEqualTo(1);
        }
    }

    @Test
    void a_data_dir_that_is_a_file_fails() throws IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        int code = doctor("--bind", "127.0.0.1", "--http-port", "0", "--mqtt-port", "0", "--ws-port", "0",
                "--data-dir", file.toString());
        assertThat(out.toString()).contains("FAIL  data dir   " + file.toAbsolutePath() + " exists but is not a directory");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void a_web_node_checks_that_its_broker_answers_instead_of_mqtt_ports() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        var node = chat.parley.config.WebNodeSettings.of("mqtt://127.0.0.1:" + closed, "ws://127.0.0.1:1/mqtt",
                "sixteen-characters!");
        assertThat(Doctor.broker(node).status()).isEqualTo(Doctor.Check.Status.FAIL);
        assertThat(Doctor.broker(node).detail()).contains("does not answer").contains("--broker-url");
        try (var broker = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            var up = chat.parley.config.WebNodeSettings.of("mqtt://127.0.0.1:" + broker.getLocalPort(),
                    "ws://127.0.0.1:1/mqtt", "sixteen-characters!");
            assertThat(Doctor.broker(up).status()).isEqualTo(Doctor.Check.Status.OK);
        }
    }

    @Test
    void an_old_java_fails() {
        assertThat(Doctor.java(11, "11.0.2", "x", "/jdk").status()).isEqualTo(Doctor.Check.Status.FAIL);
        assertThat(Doctor.java(17, "17.0.1", "x", "/jdk").status()).isEqualTo(Doctor.Check.Status.OK);
    }
}
