package chat.parley.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParleyOptionsTest {

    @Test
    void every_with_returns_a_new_value_and_leaves_the_old_one_alone() {
        ParleyOptions defaults = ParleyOptions.defaults();
        ParleyOptions changed = defaults.withSetting("name", "Lab").withUser("alice", "correct horse battery")
                .withJvmArgs("-Xmx256m").withStartTimeout(Duration.ofSeconds(5));
        assertThat(defaults.settings()).isEmpty();
        assertThat(defaults.users()).isEmpty();
        assertThat(changed.settings()).containsEntry("name", "Lab");
        assertThat(changed.users()).containsEntry("alice", "correct horse battery");
        assertThat(changed.jvmArgs()).containsExactly("-Xmx256m");
        assertThat(changed.startTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void equal_options_are_equal_whatever_the_order_they_were_given_in() {
        assertThat(ParleyOptions.defaults().withSetting("a-b", "1").withSetting("c-d", "2"))
                .isEqualTo(ParleyOptions.defaults().withSetting("c-d", "2").withSetting("a-b", "1"))
                .hasSameHashCodeAs(ParleyOptions.defaults().withSetting("c-d", "2").withSetting("a-b", "1"));
        assertThat(ParleyOptions.defaults().withUser("alice", "x")).isNotEqualTo(ParleyOptions.defaults());
    }

    @Test
    void what_the_test_server_decides_itself_cannot_be_set() {
        for (String key : new String[] {"data-dir", "bind", "http-port", "mqtt-port", "ws-port", "discovery"}) {
            assertThatThrownBy(() -> ParleyOptions.defaults().withSetting(key, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        }
        assertThatThrownBy(() -> ParleyOptions.defaults().withSetting("--name", "x"))
                .hasMessageContaining("a setting's name");
        assertThatThrownBy(() -> ParleyOptions.defaults().withStartTimeout(Duration.ZERO))
                .hasMessage("timeout must be positive.");
    }

    @Test
    void account_names_and_passwords_are_sent_as_json_strings() {
        assertThat(AdminApi.jsonString("staple \"quoted\" \\ battery\n"))
                .isEqualTo("\"staple \\\"quoted\\\" \\\\ battery\\u000a\"");
    }
}
