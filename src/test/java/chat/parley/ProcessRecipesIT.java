package chat.parley;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process recipe of docs/testing.md from other languages: a pytest fixture (Debian's python3-paho-mqtt) and a
 * Node test (the mqtt package) start {@code parley.jar --ephemeral --print-ports}, publish and subscribe over MQTT and
 * WebSocket, and stop it by closing its stdin. Python comes from {@code -Dparley.python} (test.sh finds it), else
 * /usr/bin/python3 (Debian's, where python3-paho-mqtt installs), else python3 on the PATH.
 */
class ProcessRecipesIT {

    private static final Path RECIPES = Path.of("examples", "process");

    @Test
    void the_pytest_fixture_runs_the_python_tests() throws Exception {
        String python = System.getProperty("parley.python",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        String output = run(RECIPES.resolve("python"), List.of(python, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
                python + " with pytest and paho-mqtt (Debian: apt-get install python3-pytest python3-paho-mqtt)");
        assertThat(output).containsPattern("\\b3 passed\\b");
    }

    @Test
    void the_node_test_runs_with_the_mqtt_package() throws Exception {
        Path node = RECIPES.resolve("node");
        run(node, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "npm");
        String output = run(node, List.of("node", "--test"), "node");
        assertThat(output).contains("# pass 3").contains("# fail 0");
    }

    /** Runs a command in {@code dir} with the jar under test, and returns its output; fails on a non-zero exit. */
    private static String run(Path dir, List<String> command, String needs) throws IOException, InterruptedException {
        Path log = Files.createTempFile("parley-recipe", ".log"); // a file, so no pipe fills while we wait
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().put("PARLEY_JAR", ParleyProcess.jar().toAbsolutePath().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("the process recipes need " + needs + ": " + e.getMessage()
                    + "; run ./test.sh, which installs it", e);
        }
        process.getOutputStream().close();
        boolean finished = process.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(finished).as("%s finished within 300 s", command).isTrue();
        assertThat(process.exitValue()).as("%s in %s:%n%s", command, dir, output).isZero();
        return output;
    }
}
