package chat.parley.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code store} and the {@code postgres-*} settings: from the file, the environment and flags, checked. */
class StoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void sqlite_is_the_default() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).store()).isEqualTo(StoreSettings.sqlite());
    }

    @Test
    void postgresql_takes_its_url_user_pool_and_password_from_the_environment() throws IOException {
        Path file = dir.resolve("parley.yml");
        Files.writeString(file, """
                store: postgresql
                postgres:
                  url: jdbc:postgresql://db.example.org:5432/parley
                  pool-size: 12
                """);
        StoreSettings store = ConfigLoader.load(file, Map.of("PARLEY_POSTGRES_PASSWORD", "s3cret",
                "PARLEY_POSTGRES_USER", "chat"), Map.of()).store();

        assertThat(store.kind()).isEqualTo(StoreSettings.Kind.POSTGRESQL);
        assertThat(store.postgresUrl()).isEqualTo("jdbc:postgresql://db.example.org:5432/parley");
        assertThat(store.postgresUser()).isEqualTo("chat");
        assertThat(store.postgresPassword()).isEqualTo("s3cret");
        assertThat(store.postgresPoolSize()).isEqualTo(12);
        assertThat(store.toString()).doesNotContain("s3cret");
    }

    @Test
    void the_password_can_come_from_a_file_but_not_from_both() throws IOException {
        Path secret = dir.resolve("pg-password");
        Files.writeString(secret, "from-file\n");
        Map<String, String> flags = Map.of("store", "postgresql", "postgres-url", "jdbc:postgresql://db/parley",
                "postgres-password-file", secret.toString());

        assertThat(ConfigLoader.load(null, Map.of(), flags).store().postgresPassword()).isEqualTo("from-file");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_POSTGRES_PASSWORD", "x"), flags))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("postgres-password-file: give the password either here or in "
                        + "postgres-password, not both");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("store", "postgresql", "postgres-url",
                "jdbc:postgresql://db/parley", "postgres-password-file", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("postgres-password-file: cannot read");
    }

    @Test
    void postgresql_needs_a_jdbc_url_and_names_the_setting_and_its_source() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_STORE", "postgresql"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("postgres-url: with store: postgresql, must be a JDBC URL like");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("store", "postgresql", "postgres-url",
                "postgres://db/parley")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("(from --postgres-url)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("store", "mysql")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("store: must be one of sqlite, postgresql");
    }
}
