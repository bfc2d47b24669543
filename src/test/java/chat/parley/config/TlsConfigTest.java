package chat.parley.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS and connection-limit settings: defaults, the three sources, and the mistakes people make. */
class TlsConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_are_tls_off_standard_ports_and_generous_limits() {
        ParleyConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(config.tls().mode()).isEqualTo(TlsMode.OFF);
        assertThat(config.tls().enabled()).isFalse();
        assertThat(config.tls().plain()).isTrue();
        assertThat(config.tls().mqttsPort()).isEqualTo(8883);
        assertThat(config.tls().wssPort()).isEqualTo(8884);
        assertThat(config.tls().httpsPort()).isEqualTo(8443);
        assertThat(config.clientLimits()).isEqualTo(new ClientLimits(64, 1000, 0));
    }

    @Test
    void yaml_env_and_flags_set_them_under_one_name() throws Exception {
        Path file = dir.resolve("parley.yml");
        Files.writeString(file, "tls: auto\nmqtts-port: 18883\nmax-subscriptions: 50\n");
        ParleyConfig config = ConfigLoader.load(file, Map.of("PARLEY_WSS_PORT", "18884",
                "PARLEY_MAX_CONNECTIONS_PER_IP", "0"), Map.of("https-port", "18443", "plain-listeners", "false"));
        assertThat(config.tls().mode()).isEqualTo(TlsMode.AUTO);
        assertThat(config.tls().mqttsPort()).isEqualTo(18883);
        assertThat(config.tls().wssPort()).isEqualTo(18884);
        assertThat(config.tls().httpsPort()).isEqualTo(18443);
        assertThat(config.tls().plain()).isFalse();
        assertThat(config.clientLimits()).isEqualTo(new ClientLimits(0, 50, 0));
    }

    @Test
    void pem_files_are_read_from_tls_cert_and_tls_key() {
        ParleyConfig config = ConfigLoader.load(null, Map.of(), Map.of("tls", "PEM", "tls-cert", "/etc/p/cert.pem",
                "tls-key", "/etc/p/key.pem"));
        assertThat(config.tls().mode()).isEqualTo(TlsMode.PEM);
        assertThat(config.tls().cert()).isEqualTo(Path.of("/etc/p/cert.pem"));
        assertThat(config.tls().key()).isEqualTo(Path.of("/etc/p/key.pem"));
    }

    @Test
    void mistakes_get_one_line_naming_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls", "on")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls: must be one of off, pem, auto, got 'on' (from --tls)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls", "pem", "tls-cert", "c.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls: pem needs both tls-cert and tls-key");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("plain-listeners", "false")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plain-listeners: false needs tls");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_MQTTS_PORT", "70000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtts-port")
                .hasMessageContaining("PARLEY_MQTTS_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("max-connections-per-ip", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max-connections-per-ip");
    }

    @Test
    void ephemeral_config_puts_the_tls_listeners_on_free_ports_too() {
        ParleyConfig config = ParleyConfig.ephemeral(dir);
        assertThat(config.tls().mqttsPort()).isZero();
        assertThat(config.tls().wssPort()).isZero();
        assertThat(config.tls().httpsPort()).isZero();
    }

    @Test
    void an_unquoted_yaml_off_means_off() throws Exception {
        Path file = dir.resolve("off.yml");
        Files.writeString(file, "tls: off\n");
        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).tls().mode()).isEqualTo(TlsMode.OFF);
    }
}
