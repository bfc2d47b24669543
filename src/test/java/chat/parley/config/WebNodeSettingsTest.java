package chat.parley.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code broker-url} and its companions: a web node that can work starts; one that cannot is refused in one line. */
class WebNodeSettingsTest {

    private static final String SECRET = "sixteen-chars-or-more";

    private static Map<String, String> webNode(String... more) {
        var flags = new HashMap<>(Map.of("store", "postgresql", "postgres-url", "jdbc:postgresql://db:5432/parley",
                "broker-url", "mqtt://broker.example.org:1883", "broker-ws-url", "ws://broker.example.org:8000/mqtt"));
        for (int i = 0; i < more.length; i += 2) {
            flags.put(more[i], more[i + 1]);
        }
        return flags;
    }

    @Test
    void a_web_node_reads_its_broker_from_flags_and_its_secret_from_the_environment() {
        ParleyConfig config = ConfigLoader.load(null, Map.of("PARLEY_NODE_SECRET", SECRET), webNode());
        assertThat(config.webNode().enabled()).isTrue();
        assertThat(config.webNode().host()).isEqualTo("broker.example.org");
        assertThat(config.webNode().port()).isEqualTo(1883);
        assertThat(config.webNode().wsPort()).isEqualTo(8000);
        assertThat(config.webNode().toString()).doesNotContain(SECRET);
    }

    @Test
    void the_secret_may_come_from_a_file(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        var file = java.nio.file.Files.writeString(dir.resolve("node-secret"), SECRET + "\n");
        ParleyConfig config = ConfigLoader.load(null, Map.of(), webNode("node-secret-file", file.toString()));
        assertThat(config.webNode().nodeSecret()).isEqualTo(SECRET);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode("node-secret-file", file.toString(),
                "node-secret", SECRET)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    }

    @Test
    void by_default_the_broker_is_embedded_and_trusts_no_node() {
        ParleyConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(config.webNode().enabled()).isFalse();
        assertThat(config.webNode().trustsNodes()).isFalse();
    }

    @Test
    void a_web_node_may_run_the_bridge_it_follows_the_shared_history() {
        ParleyConfig config = ConfigLoader.load(null, Map.of(), webNode("bridge-enabled", "true",
                "node-secret", SECRET));
        assertThat(config.webNode().enabled()).isTrue();
        assertThat(config.bridge().enabled()).isTrue();
    }

    @Test
    void combinations_that_cannot_work_are_refused_with_the_setting_named() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode("store", "sqlite", "node-secret", SECRET)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("broker-url: a web node needs store: "
                        + "postgresql");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("node-secret: with broker-url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode("node-secret", SECRET,
                "broker-ws-url", "")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("broker-ws-url: with broker-url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode("node-secret", "short")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("node-secret: must be at least 16");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), webNode("node-secret", SECRET,
                "broker-url", "http://broker:1883")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("broker-url: must look like mqtt://")
                .hasMessageContaining("--broker-url");
    }
}
