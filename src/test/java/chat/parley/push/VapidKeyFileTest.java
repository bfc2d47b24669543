package chat.parley.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The VAPID key pair outlives restarts (browsers subscribed with its public half), owner-only. */
class VapidKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void the_key_made_at_the_first_start_is_the_one_read_at_the_next() throws IOException {
        var first = VapidKeyFile.loadOrCreate(dir);
        var again = VapidKeyFile.loadOrCreate(dir);
        assertThat(again.getApplicationServerKey()).isEqualTo(first.getApplicationServerKey());
        assertThat(first.getApplicationServerKey()).hasSize(65);
        assertThat(Files.getPosixFilePermissions(dir.resolve(VapidKeyFile.FILE_NAME)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void a_damaged_key_file_is_named_with_what_to_do() throws IOException {
        Files.writeString(dir.resolve(VapidKeyFile.FILE_NAME), "not a key\nnor this\n");
        assertThatThrownBy(() -> VapidKeyFile.loadOrCreate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(VapidKeyFile.FILE_NAME).hasMessageContaining("delete it");
    }
}
