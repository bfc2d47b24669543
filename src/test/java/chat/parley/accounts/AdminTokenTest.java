package chat.parley.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void generated_once_kept_owner_only_and_reused() throws IOException {
        AdminToken first = AdminToken.loadOrCreate(dir, "");
        assertThat(first.created()).isTrue();
        assertThat(first.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");

        AdminToken again = AdminToken.loadOrCreate(dir, "");
        assertThat(again.created()).isFalse();
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(again.toString()).doesNotContain(first.value());
    }

    @Test
    void a_configured_token_wins_and_nothing_is_written() throws IOException {
        AdminToken token = AdminToken.loadOrCreate(dir, "configured-token-123");
        assertThat(token.value()).isEqualTo("configured-token-123");
        assertThat(token.matches("configured-token-123")).isTrue();
        assertThat(token.matches("configured-token-12")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(Files.exists(dir.resolve("admin-token"))).isFalse();
    }
}
