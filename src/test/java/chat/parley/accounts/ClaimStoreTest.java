package chat.parley.accounts;

import chat.parley.config.Durability;
import chat.parley.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimStoreTest {

    @TempDir
    Path dir;

    @Test
    void claims_survive_reopening_and_only_a_hash_is_stored() throws SQLException {
        Path file = dir.resolve("parley.db");
        var claims = ClaimStore.open(Database.open(file, Durability.PROCESS));
        String secret = claims.claim("alice").orElseThrow();
        assertThat(claims.claim("alice")).isEmpty();

        var reopened = ClaimStore.open(Database.open(file, Durability.PROCESS));
        assertThat(reopened.isClaimed("alice")).isTrue();
        assertThat(reopened.verify("alice", secret)).isTrue();
        assertThat(reopened.verify("alice", secret + "x")).isFalse();
        assertThat(reopened.verify("bob", secret)).isFalse();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
             var rs = c.createStatement().executeQuery("SELECT secret_sha256 FROM claims")) {
            assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(secret);
        }
    }

    @Test
    void a_released_name_can_be_claimed_again_with_a_new_secret() throws SQLException {
        var claims = ClaimStore.open(Database.open(dir.resolve("parley.db"), Durability.PROCESS));
        String first = claims.claim("bob").orElseThrow();
        assertThat(claims.release("bob")).isTrue();
        assertThat(claims.isClaimed("bob")).isFalse();
        String second = claims.claim("bob").orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(claims.verify("bob", first)).isFalse();
    }
}
