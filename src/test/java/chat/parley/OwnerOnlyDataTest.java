package chat.parley;

import chat.parley.config.ParleyConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The data dir and the database with SQLite's -wal and -shm beside it are for their owner's eyes only. */
class OwnerOnlyDataTest {

    @TempDir
    Path dir;

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void the_data_dir_is_rwx_for_the_owner_only_and_the_database_files_rw() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dataDir = dir.resolve("data"); // made by the server, not by the test
        try (var server = ParleyServer.start(ParleyConfig.ephemeral(dataDir).withRateLimit(TestServer.UNLIMITED))) {
            Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
            for (int i = 0; i < 5; i++) {
                Mqtt.join(alice.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("private " + i).getBytes()).send());
            }
            assertThat(server.store().count()).isEqualTo(5);

            assertThat(permissions(dataDir)).isEqualTo("rwx------");
            Path db = dataDir.resolve("parley.db");
            for (Path file : new Path[] {db, dataDir.resolve("parley.db-wal"), dataDir.resolve("parley.db-shm")}) {
                assertThat(file).as("SQLite made it while running").exists();
                assertThat(permissions(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void database_files_left_readable_by_an_older_version_are_made_owner_only_at_start() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dataDir = dir.resolve("old");
        Files.createDirectories(dataDir);
        Path db = Files.createFile(dataDir.resolve("parley.db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        try (var server = ParleyServer.start(ParleyConfig.ephemeral(dataDir).withRateLimit(TestServer.UNLIMITED))) {
            assertThat(permissions(db)).isEqualTo("rw-------");
            assertThat(permissions(dataDir.resolve("parley.db-wal"))).isEqualTo("rw-------");
        }
    }
}
