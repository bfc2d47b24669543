package chat.parley.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A test JVM killed outright (no shutdown hooks) leaves no server behind: the server's stdin closes and it stops. */
class KilledTestJvmIT {

    /** The "test JVM": starts a server, prints its MQTT port and data dir, and waits to be killed. */
    public static void main(String[] args) throws InterruptedException {
        RunningParley parley = RunningParley.start(ParleyOptions.defaults());
        System.out.println(parley.mqttPort() + " " + parley.dataDir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed by the test
    }

    @Test
    void the_server_stops_when_the_test_jvm_is_killed() throws Exception {
        Process testJvm = new ProcessBuilder(ServerLauncher.java().toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + ServerJar.CACHE_PROPERTY + "=" + ServerJar.cacheRoot(),
                KilledTestJvmIT.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] started;
        try (var out = new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8))) {
            started = out.readLine().split(" ", 2);
        }
        int mqttPort = Integer.parseInt(started[0]);
        Path dataDir = Path.of(started[1]);
        assertThat(accepts(mqttPort)).isTrue();

        testJvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        testJvm.waitFor();

        await().atMost(Duration.ofSeconds(60)).until(() -> !accepts(mqttPort));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dataDir));
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
