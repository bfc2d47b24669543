package chat.parley.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code /who} prints: every name of a team, the first hundred and a count in a room of thousands. */
class WhoLineTest {

    @Test
    void a_team_is_listed_by_name_with_who_is_away() {
        var online = new TreeMap<>(Map.of("carol", "online", "alice", "online", "bob", "away"));
        assertThat(Commands.whoLine(online, Commands.WHO_SHOWN)).isEqualTo("online (3): alice, bob (away), carol");
    }

    @Test
    void a_room_of_thousands_lists_the_first_and_counts_the_rest() {
        var online = new TreeMap<String, String>();
        for (int i = 0; i < 10_000; i++) {
            online.put("p" + String.format("%05d", i), "online");
        }
        String line = Commands.whoLine(online, Commands.WHO_SHOWN);
        assertThat(line).startsWith("online (10000): p00000, p00001, ").endsWith(", p00099 and 9900 more")
                .doesNotContain("p00100");
    }

    @Test
    void nobody() {
        assertThat(Commands.whoLine(new TreeMap<>(), Commands.WHO_SHOWN)).isEqualTo("nobody is online");
    }
}
