package chat.parley.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String content) throws IOException {
        Path file = dir.resolve("parley.yml");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void defaults_apply_without_file_env_or_flags() {
        ParleyConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.wsPort()).isEqualTo(8000);
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.auth()).isEqualTo(AuthMode.OPEN);
        assertThat(config.brokerPersistence()).isEqualTo(BrokerPersistence.MEMORY);
        assertThat(config.maxTextChars()).isEqualTo(4000);
        assertThat(config.maxPayloadBytes()).isEqualTo(65536);
        assertThat(config.prefix()).isEqualTo("parley");
        assertThat(config.webDirOverride()).isEmpty();
    }

    @Test
    void file_is_overridden_by_env_which_is_overridden_by_flags() throws IOException {
        Path file = yaml("""
                http-port: 9001
                mqtt-port: 9002
                ws-port: 9003
                name: From File
                """);
        Map<String, String> env = Map.of("PARLEY_MQTT_PORT", "9102", "PARLEY_WS_PORT", "9103", "HOME", "/root");
        Map<String, String> flags = Map.of("ws-port", "9203");

        ParleyConfig config = ConfigLoader.load(file, env, flags);

        assertThat(config.httpPort()).as("file").isEqualTo(9001);
        assertThat(config.mqttPort()).as("env beats file").isEqualTo(9102);
        assertThat(config.wsPort()).as("flag beats env").isEqualTo(9203);
        assertThat(config.name()).isEqualTo("From File");
    }

    @Test
    void parley_config_env_names_the_file() throws IOException {
        Path file = yaml("http-port: 9301\n");
        ParleyConfig config = ConfigLoader.load(null, Map.of("PARLEY_CONFIG", file.toString()), Map.of());
        assertThat(config.httpPort()).isEqualTo(9301);
    }

    @Test
    void nested_yaml_keys_join_with_dashes() throws IOException {
        Path file = yaml("""
                max:
                  text-chars: 123
                broker:
                  persistence: file
                """);
        ParleyConfig config = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(config.maxTextChars()).isEqualTo(123);
        assertThat(config.brokerPersistence()).isEqualTo(BrokerPersistence.FILE);
    }

    @Test
    void unknown_key_in_file_is_named() throws IOException {
        Path file = yaml("htp-port: 80\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting htp-port in " + file + " (see --help for the list)");
    }

    @Test
    void unknown_parley_env_variable_is_named() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_HTTP_PROT", "1"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting PARLEY_HTTP_PROT (see --help for the list)");
    }

    @Test
    void allowed_origins_are_kept_as_browsers_send_them_and_bad_ones_are_named() {
        ParleyConfig config = ConfigLoader.load(null,
                Map.of("PARLEY_ALLOWED_ORIGINS", "https://Chat.Example.com/, http://10.0.0.5:8080"), Map.of());
        assertThat(config.allowedOrigins()).containsExactly("https://chat.example.com", "http://10.0.0.5:8080");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).allowedOrigins()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("allowed-origins", "chat.example.com/x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("allowed-origins: entries must look like https://chat.example.com")
                .hasMessageEndingWith("(from --allowed-origins)");
    }

    @Test
    void claims_per_minute_defaults_to_ten() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).claimsPerMinute()).isEqualTo(10);
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("claims-per-minute", "0")).claimsPerMinute()).isZero();
    }

    @Test
    void wrong_type_names_setting_value_and_source() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http-port: must be a port number from 0 to 65535, got 'eighty' (from PARLEY_HTTP_PORT)");
    }

    @Test
    void port_out_of_range_is_refused() throws IOException {
        Path file = yaml("mqtt-port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt-port: must be a port number from 0 to 65535, got '70000' (from " + file + ")");
    }

    @Test
    void bad_choice_lists_the_choices() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("auth", "ldap")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth: must be one of open, accounts, got 'ldap' (from --auth)");
    }

    @Test
    void bad_boolean_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("verbose", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("verbose: must be true or false, got 'maybe' (from --verbose)");
    }

    @Test
    void unreadable_file_is_named() {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + missing + ":");
    }

    @Test
    void malformed_yaml_is_named() throws IOException {
        Path file = yaml("http-port: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + file + ":");
    }

    @Test
    void list_value_for_a_single_setting_is_refused() throws IOException {
        Path file = yaml("http-port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http-port: expected a single value in " + file);
    }

    @Test
    void invalid_prefix_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("prefix", "chat/#")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("prefix: must be topic levels");
    }

    @Test
    void sample_config_file_lists_every_setting_with_its_default() throws IOException {
        String sample = Files.readString(Path.of("config", "parley.yml"));
        for (Setting setting : Settings.ALL) {
            assertThat(sample).as("config/parley.yml documents " + setting.key())
                    .containsPattern("(?m)^# ?" + setting.key() + ": ?" + java.util.regex.Pattern.quote(
                            setting.defaultValue()) + "$");
        }
    }

    @Test
    void sample_config_file_parses_to_the_defaults_when_uncommented() throws IOException {
        String uncommented = Files.readString(Path.of("config", "parley.yml")).replaceAll("(?m)^# ?([a-z-]+:)", "$1");
        ParleyConfig config = ConfigLoader.load(yaml(uncommented), Map.of(), Map.of());
        assertThat(config).isEqualTo(ConfigLoader.load(null, Map.of(), Map.of()));
    }
}
