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

/** The {@code parley} command line: help, version and one-line errors with their exit codes. */
class CommandLineTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        var cli = Parley.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void help_lists_every_setting_flag() {
        assertThat(run(Map.of(), "--help")).isZero();
        for (var setting : chat.parley.config.Settings.ALL) {
            assertThat(out.toString()).contains(setting.flag());
        }
        assertThat(out.toString()).contains("--config", "--print-ports", "serve");
    }

    @Test
    void serve_help_lists_every_setting_flag_too() {
        assertThat(run(Map.of(), "serve", "--help")).isZero();
        assertThat(out.toString()).contains("--http-port", "--data-dir", "--verbose");
    }

    @Test
    void version_prints_the_version() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString().trim()).startsWith("parley ");
    }

    @Test
    void bad_flag_value_is_one_line_with_exit_2() {
        assertThat(run(Map.of(), "--http-port", "99999")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
                "parley: http-port: must be a port number from 0 to 65535, got '99999' (from --http-port)"
                        + System.lineSeparator());
    }

    @Test
    void bad_env_value_is_one_line_with_exit_2() {
        assertThat(run(Map.of("PARLEY_AUTH", "ldap"), "serve")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "parley: auth: must be one of open, accounts, got 'ldap' (from PARLEY_AUTH)");
    }

    @Test
    void unknown_flag_is_a_usage_error_with_exit_2() {
        assertThat(run(Map.of(), "--htp-port=1")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("parley: Unknown option: '--htp-port=1'");
    }

    @Test
    void port_in_use_names_the_port_and_the_flag_with_exit_1() throws IOException {
        try (var busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            int code = run(Map.of(), "--bind", "127.0.0.1", "--data-dir", dataDir.toString(),
                    "--http-port", "0", "--ws-port", "0", "--mqtt-port", String.valueOf(port));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().lines()).containsExactly("parley: MQTT port " + port
                    + " is already in use on 127.0.0.1; choose another with --mqtt-port");
        }
    }
}
