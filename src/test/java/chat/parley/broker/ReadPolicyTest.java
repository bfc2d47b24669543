package chat.parley.broker;

import chat.parley.chat.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which granted subscriptions need their deliveries checked one by one (the others get no outbound interceptor). */
class ReadPolicyTest {

    private final ReadPolicy policy = new ReadPolicy(new Topics("parley"));
    private final Optional<String> alice = Optional.of("alice");

    @ParameterizedTest
    @ValueSource(strings = {"#", "parley/#", "parley/dm/#", "parley/dm/+/+/messages", "parley/+/+/+/+",
        "parley/dm/bob/+/messages", "+/dm/+/bob/#", "$share/g/parley/#", "$share/g/parley/dm/bob/carol/messages"})
    void filters_that_can_reach_other_peoples_direct_messages_are_checked(String filter) {
        assertThat(policy.needsDeliveryCheck(filter, alice)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley/rooms/lobby/messages", "parley/rooms/+/messages", "parley/rooms/#",
        "parley/presence/+", "parley/dm/alice/+/messages", "parley/dm/+/alice/messages", "other/#",
        "parley/dm/alice/bob/messages", "$share/g/parley/rooms/+/messages"})
    void filters_that_only_reach_readable_topics_are_not(String filter) {
        assertThat(policy.needsDeliveryCheck(filter, alice)).isFalse();
    }

    @Test
    void an_anonymous_wildcard_over_presence_or_direct_messages_is_checked() {
        assertThat(policy.needsDeliveryCheck("parley/presence/+", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/+/+", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/dm/alice/+/messages", Optional.empty())).isTrue();
        assertThat(policy.needsDeliveryCheck("parley/rooms/+/messages", Optional.empty())).isFalse();
    }
}
