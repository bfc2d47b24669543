package chat.parley.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server that cannot start says why, in the exception's first line, followed by its last lines of output. */
class StartFailureIT {

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty(ServerJar.JAR_PROPERTY);
        System.clearProperty(ServerLauncher.JAVA_PROPERTY);
    }

    @Test
    void a_bad_setting_quotes_the_servers_one_line_error() {
        assertThatThrownBy(() -> RunningParley.start(ParleyOptions.defaults().withSetting("max-text-chars", "lots")))
                .isInstanceOf(ParleyStartException.class)
                .hasMessageContaining("exited with code 2 before it was ready")
                .hasMessageContaining("max-text-chars");
    }

    @Test
    void a_missing_jar_is_named() {
        System.setProperty(ServerJar.JAR_PROPERTY, dir.resolve("nowhere/parley.jar").toString());
        assertThatThrownBy(() -> RunningParley.start(ParleyOptions.defaults()))
                .isInstanceOf(ParleyStartException.class)
                .hasMessageContaining("nowhere/parley.jar")
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_missing_java_is_named_with_the_way_to_name_another() {
        System.setProperty(ServerLauncher.JAVA_PROPERTY, dir.resolve("no-jdk/bin/java").toString());
        assertThatThrownBy(() -> RunningParley.start(ParleyOptions.defaults()))
                .isInstanceOf(ParleyStartException.class)
                .hasMessageStartingWith("cannot run " + dir.resolve("no-jdk/bin/java"))
                .hasMessageContaining("-Dparley.testing.java=");
    }

    @Test
    void a_server_that_prints_no_ports_in_time_is_stopped_and_quoted() throws IOException {
        System.setProperty(ServerLauncher.JAVA_PROPERTY, script("silent-java",
                "echo 'warming up the flux capacitor' >&2", "exec sleep 60").toString());
        assertThatThrownBy(() -> RunningParley.start(ParleyOptions.defaults().withStartTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(ParleyStartException.class)
                .hasMessageContaining("printed no ports within 2 s and was stopped")
                .hasMessageContaining("warming up the flux capacitor");
    }

    @Test
    void an_old_java_is_told_apart() throws IOException {
        System.setProperty(ServerLauncher.JAVA_PROPERTY, script("old-java",
                "echo 'Error: LinkageError occurred while loading main class chat.parley.Parley' >&2",
                "echo '\tjava.lang.UnsupportedClassVersionError: chat/parley/Parley has been compiled by a more "
                        + "recent version of the Java Runtime (class file version 61.0)' >&2",
                "exit 1").toString());
        assertThatThrownBy(() -> RunningParley.start(ParleyOptions.defaults()))
                .isInstanceOf(ParleyStartException.class)
                .hasMessageStartingWith("the Parley server needs Java 17 or newer")
                .hasMessageContaining("UnsupportedClassVersionError");
    }

    /** A stand-in for {@code java}: a shell script with these lines. */
    private Path script(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
