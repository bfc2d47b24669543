package chat.parley.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Web Push settings: on by default with the browsers' push services, and one name everywhere. */
class PushSettingsTest {

    @Test
    void push_is_on_by_default_for_the_browsers_push_services() {
        PushSettings push = ConfigLoader.load(null, Map.of(), Map.of()).push();
        assertThat(push.enabled()).isTrue();
        assertThat(push.subject()).startsWith("mailto:");
        assertThat(push.services()).contains("fcm.googleapis.com", ".push.services.mozilla.com", ".push.apple.com",
                ".notify.windows.com");
    }

    @Test
    void yaml_env_and_flags_set_it_by_one_name() throws Exception {
        Path file = Files.createTempFile("parley", ".yml");
        Files.writeString(file, "web-push-subject: mailto:ops@example.org\n");
        ParleyConfig config = ConfigLoader.load(file, Map.of("PARLEY_WEB_PUSH_SERVICES", "push.example.org"),
                Map.of("web-push", "false"));
        assertThat(config.push()).isEqualTo(new PushSettings(false, "mailto:ops@example.org",
                java.util.List.of("push.example.org")));
    }

    @Test
    void a_bad_subject_or_service_is_refused_naming_the_setting_and_where_it_came_from() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("web-push-subject", "ops@example.org")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("web-push-subject: must start with mailto: or https://")
                .hasMessageContaining("--web-push-subject");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PARLEY_WEB_PUSH_SERVICES", "push example"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("web-push-services: 'push example'")
                .hasMessageContaining("PARLEY_WEB_PUSH_SERVICES");
    }
}
