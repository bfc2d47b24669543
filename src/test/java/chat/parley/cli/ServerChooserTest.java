package chat.parley.cli;

import chat.parley.lan.DiscoveredServer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code parley chat --discover}: which of the servers found on the LAN is joined. */
class ServerChooserTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private static final DiscoveredServer LAB = new DiscoveredServer("Lab", "192.0.2.10", 8080, 1883, 8000, "/mqtt",
            "0.1.0", "open", false);
    private static final DiscoveredServer OFFICE = new DiscoveredServer("Office", "192.0.2.20", 9090, 1884, 8001,
            "/mqtt", "0.1.0", "open", false);

    @Test
    void the_only_server_found_is_joined() {
        assertThat(ServerChooser.choose(List.of(LAB), null, new PrintStream(out))).isEqualTo("http://192.0.2.10:8080/");
        assertThat(out.toString()).contains("Found \"Lab\" at http://192.0.2.10:8080/");
    }

    @Test
    void with_several_the_person_picks_a_number() {
        var answer = new BufferedReader(new StringReader("2\n"));
        assertThat(ServerChooser.choose(List.of(LAB, OFFICE), answer, new PrintStream(out)))
                .isEqualTo("http://192.0.2.20:9090/");
        assertThat(out.toString()).contains("1) \"Lab\"", "2) \"Office\"", "Join which one? [1-2]");
    }

    @Test
    void none_found_several_without_a_terminal_or_a_bad_answer_are_one_line_errors() {
        assertThatThrownBy(() -> ServerChooser.choose(List.of(), null, new PrintStream(out)))
                .hasMessage("no Parley server found on the LAN; give one with --server URL");
        assertThatThrownBy(() -> ServerChooser.choose(List.of(LAB, OFFICE), null, new PrintStream(out)))
                .hasMessage("found 2 servers; pick one with --server URL");
        assertThatThrownBy(() -> ServerChooser.choose(List.of(LAB, OFFICE), new BufferedReader(new StringReader("9\n")),
                new PrintStream(out))).hasMessage("no server chosen");
    }
}
