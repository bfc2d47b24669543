package chat.parley;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server started as users start it returns unused heap to the OS: its JVM carries the memory policy. */
class ServerMemoryIT {

    @TempDir
    Path dir;

    @Test
    void the_server_process_runs_with_periodic_collections_and_a_shrinking_heap() throws Exception {
        try (var parley = ParleyProcess.start(dir.resolve("data"))) {
            String flags = jcmd(parley.process().pid(), "VM.flags");
            assertThat(flags).contains("-XX:G1PeriodicGCInterval=10000", "-XX:MaxHeapFreeRatio=30",
                    "-XX:MinHeapFreeRatio=10");
            assertThat(parley.stop()).isZero();
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
