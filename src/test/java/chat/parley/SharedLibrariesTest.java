package chat.parley;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The in-JVM Netty check; parley-testing's InJvmNettyConflictIT runs the server beside a really older Netty. */
class SharedLibrariesTest {

    @Test
    void versions_compare_by_their_numbers() {
        assertThat(SharedLibraries.isOlder("4.1.122.Final", "4.1.128.Final")).isTrue();
        assertThat(SharedLibraries.isOlder("4.1.48.Final", "4.1.128.Final")).isTrue();
        assertThat(SharedLibraries.isOlder("4.1.128.Final", "4.1.128.Final")).isFalse();
        assertThat(SharedLibraries.isOlder("4.1.130.Final", "4.1.128.Final")).isFalse();
        assertThat(SharedLibraries.isOlder("4.2.7.Final", "4.1.128.Final")).isFalse();
    }

    @Test
    void the_build_recorded_the_brokers_netty_and_this_classpath_has_it() {
        assertThat(Version.built("netty.version")).hasValueSatisfying(v -> assertThat(v).matches("4\\.1\\.\\d+\\.Final"));
        assertThat(Version.built("jctools.version")).hasValueSatisfying(v -> assertThat(v).matches("4\\.\\d+\\.\\d+"));
        assertThatCode(SharedLibraries::requireCompatible).doesNotThrowAnyException();
    }

    @Test
    void the_message_is_one_line_naming_both_versions_and_the_way_out() {
        String message = SharedLibraries.olderMessage("Netty", "netty-common", "4.1.122.Final",
                "netty-common-4.1.122.Final.jar", "4.1.128.Final");
        assertThat(message).doesNotContain("\n").contains("4.1.122.Final", "4.1.128.Final",
                "netty-common-4.1.122.Final.jar", "chat.parley:parley-testing");
    }
}
