package chat.parley;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --ephemeral --print-ports} driven from a shell script, as a non-Java project would use the jar. */
class EphemeralShellIT {

    @Test
    void shell_test_starts_reads_ports_checks_health_and_stops_the_jar_by_closing_stdin() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder("bash", "src/test/shell/ephemeral.sh", ParleyProcess.jar().toString(), java)
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        Process script = builder.start();
        script.getOutputStream().close();
        assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("ready_ms=\\d+");
    }

    @Test
    void ephemeral_ignores_configured_ports_and_data_dir() throws IOException {
        try (var parley = ParleyProcess.launch("--ephemeral", "--print-ports", "--http-port", "1", "--bind", "0.0.0.0")) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> parley.stdout().startsWith("{\"http\"") || !parley.process().isAlive());
            assertThat(parley.stdout().strip())
                    .matches("\\{\"http\":\\d+,\"mqtt\":\\d+,\"ws\":\\d+,\"https\":0,\"mqtts\":0,\"wss\":0}");
            parley.process().getOutputStream().close();
            assertThat(parley.waitForExit()).isZero();
        }
    }
}
