package chat.parley.chat;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The kick and ban texts clients are told, and reading a ban's end back from them. */
class AdminRemovalTest {

    @Test
    void a_ban_text_carries_its_end_rounded_up_to_the_second_and_reads_back() {
        Instant end = Instant.parse("2026-12-02T10:41:59.200Z");
        String text = AdminRemoval.banned(end);
        assertThat(text).isEqualTo("banned by an administrator until 2026-12-02T10:42:00Z");
        assertThat(AdminRemoval.bannedUntil(text)).contains(Instant.parse("2026-12-02T10:42:00Z"));
        assertThat(AdminRemoval.roundUp(Instant.parse("2026-12-02T10:42:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T10:42:00Z"));
    }

    @Test
    void a_kick_or_anything_else_announces_no_ban() {
        assertThat(AdminRemoval.bannedUntil(AdminRemoval.KICKED)).isEmpty();
        assertThat(AdminRemoval.bannedUntil("banned by an administrator until tomorrow")).isEmpty();
        assertThat(AdminRemoval.bannedUntil(null)).isEmpty();
    }
}
