package chat.parley.broker;

import chat.parley.accounts.PrivateRooms;
import chat.parley.accounts.RoomAccess;
import chat.parley.chat.Topics;
import chat.parley.config.AuthMode;
import chat.parley.config.Durability;
import chat.parley.db.Database;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which granted subscriptions need their deliveries checked one by one (the others get no outbound interceptor). */
class ReadPolicyTest {

    private static PrivateRooms privateRooms;
    private static ReadPolicy policy;
    private static ReadPolicy withAccounts;
    private final Optional<String> alice = Optional.of("alice");

    @BeforeAll
    static void open(@TempDir Path dir) throws Exception {
        Database database = Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        privateRooms = PrivateRooms.open(database);
        var unlisted = chat.parley.accounts.UnlistedRooms.open(database);
        policy = new ReadPolicy(new Topics("parley"), new RoomAccess(AuthMode.OPEN, privateRooms, unlisted));
        withAccounts = new ReadPolicy(new Topics("parley"),
                new RoomAccess(AuthMode.ACCOUNTS, privateRooms, unlisted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "parley/#", "parley/dm/#", "parley/dm/+/+/messages", "parley/+/+/+/+",
        "parley/dm/bob/+/messages", "+/dm/+/bob/#", "$share/g/parley/#", "$share/g/parley/dm/bob/carol/messages",
        "parley/rooms/+/messages", "parley/rooms/#", "$share/g/parley/rooms/+/messages", "parley/users/+/events",
        "parley/users/#", "parley/+/bob/events", "parley/rooms/+/presence"})
    void filters_that_can_reach_other_peoples_direct_messages_or_a_private_room_are_checked(String filter) {
        assertThat(policy.needsDeliveryCheck(filter, alice)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley/rooms/lobby/messages", "parley/rooms/lobby/typing",
        "parley/presence/+", "parley/dm/alice/+/messages", "parley/dm/+/alice/messages", "other/#",
        "parley/dm/alice/bob/messages", "$share/g/parley/rooms/lobby/messages", "parley/users/alice/events",
        "parley/rooms/lobby/presence"})
    void filters_that_only_reach_readable_topics_are_not(String filter) {
        assertThat(policy.needsDeliveryCheck(filter, alice)).isFalse();
    }

    @Test
    void an_unlisted_rooms_presence_reaches_only_connections_that_name_it() {
        String room = "abcdefghijkmn"; // a random id as the clients make them: unlisted
        String topic = "parley/rooms/" + room + "/presence";
        assertThat(policy.mayDeliver(topic, alice, java.util.Set.of())).isFalse();
        assertThat(policy.mayDeliver(topic, alice, java.util.Set.of(room))).isTrue();
        assertThat(policy.namedRoom(topic)).isEqualTo(room);
    }

    @Test
    void an_anonymous_wildcard_over_presence_or_direct_messages_is_checked() {
        assertThat(policy.needsDeliveryCheck("parley/presence/+", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/+/+", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/dm/alice/+/messages", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/rooms/lobby/messages", Optional.empty())).isFalse();
        assertThat(policy.needsDeliveryCheck("other/+", Optional.empty())).isFalse();
    }

    @Test
    void with_accounts_an_anonymous_wildcard_into_the_chat_namespace_is_checked_and_outside_it_is_not() {
        assertThat(withAccounts.needsDeliveryCheck("+/+/+", Optional.empty())).isTrue();
        assertThat(withAccounts.needsDeliveryCheck("parley/+/x/y", Optional.empty())).isTrue();
        assertThat(withAccounts.needsDeliveryCheck("other/#", Optional.empty())).isFalse();
        assertThat(withAccounts.needsDeliveryCheck("parley/presence/+", alice)).isFalse();
    }
}
