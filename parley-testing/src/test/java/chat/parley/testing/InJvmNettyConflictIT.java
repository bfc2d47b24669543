package chat.parley.testing;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parley's classes in the same JVM as the application's older Netty and JCTools (this test's own classpath:
 * hivemq-mqtt-client 1.3.7 brings Netty 4.1.122 and JCTools 2.1.2, which come first, as Maven's nearest-wins puts them
 * in an application): the server refuses with one line that names both versions and points to parley-testing, instead
 * of HiveMQ's "the MQTT broker failed to start: null" over a wall of Guice errors.
 */
class InJvmNettyConflictIT {

    @Test
    void an_older_netty_first_on_the_classpath_gets_one_line() throws Exception {
        List<String> classpath = new ArrayList<>(Arrays.stream(System.getProperty("java.class.path")
                        .split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().matches("(netty|jctools)-.*"))
                .toList());
        assertThat(classpath).anyMatch(entry -> entry.endsWith("netty-common-4.1.122.Final.jar"));
        classpath.add(ServerJar.locate().toString());

        Process parley = new ProcessBuilder(ServerLauncher.java().toString(), "-cp",
                String.join(File.pathSeparator, classpath), "chat.parley.Parley", "--ephemeral", "--print-ports")
                .start();
        parley.getOutputStream().close();
        assertThat(parley.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s").isTrue();
        String stderr = new String(parley.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String stdout = new String(parley.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(parley.exitValue()).isEqualTo(1);
        assertThat(stdout).isEmpty();
        assertThat(stderr.lines()).singleElement().asString()
                .startsWith("parley: the classpath has Netty 4.1.122.Final (netty-common from "
                        + "netty-common-4.1.122.Final.jar), older than the 4.1.128.Final")
                .contains("chat.parley:parley-testing");
    }
}
