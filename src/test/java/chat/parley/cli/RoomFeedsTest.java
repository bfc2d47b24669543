package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Catch-up: history first, then the live messages held meanwhile, each message once. */
class RoomFeedsTest {

    private final List<String> shown = new ArrayList<>();
    private final RoomFeeds feeds = new RoomFeeds(e -> shown.add(e.path("text").asText()));

    private static JsonNode message(long seq) {
        return ChatClient.parseText("{\"id\":\"m" + seq + "\",\"seq\":" + seq + ",\"text\":\"" + seq + "\"}");
    }

    @Test
    void live_messages_wait_while_the_room_catches_up_and_duplicates_are_dropped() {
        feeds.add("r");
        feeds.finishSync("r", List.of(message(1), message(2)), true);
        feeds.startSync("r");
        feeds.live("r", message(5));
        feeds.live("r", message(4));
        assertThat(shown).containsExactly("1", "2");
        int missed = feeds.finishSync("r", List.of(message(3), message(4)), true);
        assertThat(missed).isEqualTo(2);
        assertThat(shown).containsExactly("1", "2", "3", "4", "5");
        feeds.live("r", message(5));
        assertThat(shown).hasSize(5);
        assertThat(feeds.lastSeq("r")).isEqualTo(5);
    }

    @Test
    void a_silent_baseline_sets_the_seq_without_showing() {
        feeds.startSync("quiet");
        feeds.finishSync("quiet", List.of(message(9)), false);
        feeds.live("quiet", message(10));
        assertThat(shown).containsExactly("10");
    }

    @Test
    void messages_of_rooms_not_joined_are_ignored() {
        feeds.live("elsewhere", message(1));
        assertThat(shown).isEmpty();
    }
}
