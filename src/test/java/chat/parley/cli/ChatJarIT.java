package chat.parley.cli;

import chat.parley.ParleyProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar parley.jar chat} as a process: errors are one plain line on stderr with the right exit code. */
class ChatJarIT {

    @Test
    void a_bad_option_is_one_line_and_exit_code_2() {
        var chat = ParleyProcess.launch("chat", "--user", "ci", "--room", "General");
        assertThat(chat.waitForExit()).isEqualTo(2);
        assertThat(chat.stderr()).isEqualTo(
                "parley: --room must match [a-z0-9][a-z0-9_-]{0,63}, got 'General' (see --help)");
        assertThat(chat.stdout()).isEmpty();
    }

    @Test
    void an_unreachable_server_is_one_line_and_exit_code_1() {
        var chat = ParleyProcess.launch("chat", "--server", "http://127.0.0.1:1", "--user", "ci", "--room", "ops");
        assertThat(chat.waitForExit()).isEqualTo(1);
        assertThat(chat.stderr()).isEqualTo(
                "parley: cannot reach the Parley server at http://127.0.0.1:1 (connection refused)");
    }
}
