package chat.parley.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The room mix of {@code parley bench users}, and how a user's seq stream counts what it lost. */
class RoomPlanTest {

    @Test
    void everyone_is_in_the_room_of_everyone_and_in_small_rooms_and_half_in_a_medium_one() {
        var plan = RoomPlan.of(2_000, 21, "t");
        assertThat(plan.room(0).members()).hasSize(2_000);
        for (var room : plan.rooms()) {
            switch (room.kind()) {
                case SMALL -> assertThat(room.members().length).isBetween(2, 2 * RoomPlan.SMALL_MAX);
                case MEDIUM -> assertThat(room.members().length).isBetween(RoomPlan.MEDIUM_MIN, 2 * RoomPlan.MEDIUM_MAX);
                case EVERYONE -> assertThat(room.id()).isEqualTo("t-all");
            }
        }
        long inMedium = 0;
        for (int u = 0; u < 2_000; u++) {
            int[] rooms = plan.roomsOf(u);
            assertThat(rooms[0]).isZero();
            assertThat(Arrays.stream(rooms).filter(r -> plan.room(r).kind() == RoomPlan.Kind.SMALL).count())
                    .isBetween(1L, 2L);
            inMedium += Arrays.stream(rooms).filter(r -> plan.room(r).kind() == RoomPlan.Kind.MEDIUM).count();
        }
        assertThat(inMedium).isEqualTo(1_000);
        assertThat(RoomPlan.of(2_000, 21, "t").rooms().size()).isEqualTo(plan.rooms().size());
    }

    @Test
    void a_gap_is_missing_until_a_catch_up_fills_it() {
        var seqs = new SeqTracker();
        seqs.loaded(10);
        assertThat(seqs.live(11)).isTrue();
        assertThat(seqs.live(13)).isTrue();
        assertThat(seqs.live(13)).isFalse();
        assertThat(seqs.missing(14)).isEqualTo(2); // 12 and 14
        assertThat(seqs.caughtUp(new long[] {12, 13, 14})).isEqualTo(2);
        assertThat(seqs.missing(14)).isZero();
        assertThat(seqs.synced()).isEqualTo(14);
    }
}
