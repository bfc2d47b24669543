package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat lines: time, sender, actions, other rooms, and nothing another user writes can drive the terminal. */
class LinesTest {

    private final Lines lines = new Lines("alice", ZoneOffset.UTC);

    private static JsonNode envelope(String json) {
        return ChatClient.parseText(json);
    }

    @Test
    void a_text_message_is_time_sender_and_text() {
        var line = lines.message(envelope("{\"room\":\"general\",\"from\":\"bob\",\"ts\":3600000,\"text\":\"hi\"}"),
                "general");
        assertThat(line.toString()).isEqualTo("01:00 bob: hi");
    }

    @Test
    void me_is_shown_as_an_action_and_another_room_is_named() {
        var line = lines.message(envelope("{\"room\":\"ops\",\"from\":\"bob\",\"ts\":0,\"text\":\"/me waves\"}"),
                "general");
        assertThat(line.toString()).isEqualTo("#ops * bob waves");
    }

    @Test
    void control_characters_from_others_are_made_visible_not_obeyed() {
        var line = lines.message(envelope("{\"room\":\"general\",\"from\":\"eve\\u001b[2J\",\"ts\":0,"
                + "\"text\":\"red \\u001b[31m bell \\u0007 c1 \\u009b line\\nnext\"}"), "general");
        assertThat(line.toString()).isEqualTo("eve?[2J: red ?[31m bell ? c1 ? line\n    next");
        assertThat(line.toString()).doesNotContain("\u001b");
    }

    @Test
    void files_and_encrypted_messages_have_a_short_form() {
        assertThat(lines.message(envelope("{\"room\":\"r\",\"from\":\"bob\",\"type\":\"file\","
                + "\"file\":{\"name\":\"a.png\",\"url\":\"/f/1\"}}"), "r").toString())
                .isEqualTo("bob: [file] a.png /f/1");
        assertThat(lines.message(envelope("{\"room\":\"r\",\"from\":\"bob\",\"type\":\"e2e\",\"e2e\":{}}"), "r")
                .toString()).isEqualTo("bob: [encrypted message: give --key or --passphrase to read it]");
    }
}
