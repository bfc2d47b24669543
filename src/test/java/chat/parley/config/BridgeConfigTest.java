package chat.parley.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge settings: one name everywhere, nested YAML, and errors that name the setting and its source. */
class BridgeConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_to_off_towards_the_public_broker() {
        BridgeConfig bridge = ConfigLoader.load(null, Map.of(), Map.of()).bridge();
        assertThat(bridge.enabled()).isFalse();
        assertThat(bridge.url()).isEqualTo("tcp://broker.hivemq.com:1883");
        assertThat(bridge.port()).isEqualTo(1883);
        assertThat(bridge.tls()).isFalse();
        assertThat(bridge.remotePrefix()).isEmpty();
        assertThat(bridge.rooms()).isEmpty();
        assertThat(bridge.qos()).isEqualTo(1);
        assertThat(bridge.queueMax()).isEqualTo(10_000);
        assertThat(bridge.maxFileBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void nested_yaml_environment_and_flags_use_the_same_names() throws IOException {
        Path file = dir.resolve("parley.yml");
        Files.writeString(file, """
                bridge:
                  enabled: true
                  url: ssl://broker.example.org
                  rooms: general, ops
                  remote-prefix: team-x
                  max-file-bytes: 2MB
                """);
        BridgeConfig bridge = ConfigLoader.load(file, Map.of("PARLEY_BRIDGE_QOS", "0"),
                Map.of("bridge-username", "site-a")).bridge();
        assertThat(bridge.enabled()).isTrue();
        assertThat(bridge.tls()).isTrue();
        assertThat(bridge.port()).isEqualTo(8883);
        assertThat(bridge.rooms()).containsExactly("general", "ops");
        assertThat(bridge.bridges("ops")).isTrue();
        assertThat(bridge.bridges("random")).isFalse();
        assertThat(bridge.remotePrefix()).isEqualTo("team-x");
        assertThat(bridge.qos()).isZero();
        assertThat(bridge.username()).isEqualTo("site-a");
        assertThat(bridge.maxFileBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(bridge.withRooms(List.of("*")).bridges("anything")).isTrue();
    }

    @Test
    void bad_values_name_the_setting_and_where_it_came_from() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_BRIDGE_URL", "http://x"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bridge-url: must start with tcp:// or ssl://, got 'http://x' (from PARLEY_BRIDGE_URL)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bridge-rooms", "General")))
                .hasMessageStartingWith("bridge-rooms: 'General' is not a room id").hasMessageEndingWith(
                        "(from --bridge-rooms)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bridge-qos", "2")))
                .hasMessageStartingWith("bridge-qos: must be 0 or 1");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bridge-remote-prefix", "a/#")))
                .hasMessageStartingWith("bridge-remote-prefix: must be topic levels");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bridge-max-file-bytes", "65MB")))
                .hasMessageStartingWith("bridge-max-file-bytes: must be 0 to 64MB").hasMessageEndingWith(
                        "(from --bridge-max-file-bytes)");
    }

    @Test
    void the_password_is_never_printed() {
        var bridge = BridgeConfig.off();
        var withPassword = new BridgeConfig(true, bridge.url(), "u", "hunter2-secret", "", List.of(), 1, 10,
                BridgeConfig.DEFAULT_MAX_FILE_BYTES);
        assertThat(withPassword.toString()).doesNotContain("hunter2");
    }
}
