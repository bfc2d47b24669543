package chat.parley.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repair protocol's topics and payloads: what is read, and what is refused as malformed. */
class RepairProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "parley-7k3q9x2m4d";
    private static final String B = "site-b-4k2m9q";

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws RepairProtocol.Malformed {
        return RepairProtocol.object(JSON, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void topics_are_read_by_room_and_kind_and_answers_for_other_sites_are_not_ours() {
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/messages"))
                .isEqualTo(new RepairProtocol.Topic("general", RepairProtocol.Kind.MESSAGES));
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/head").kind()).isEqualTo(RepairProtocol.Kind.HEAD);
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/repair").kind())
                .isEqualTo(RepairProtocol.Kind.REQUEST);
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/repair/" + B).kind())
                .isEqualTo(RepairProtocol.Kind.ANSWER);
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/repair/site-c-123456")).isNull();
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/dm:alice:bob/messages")).isNull();
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/General/messages")).isNull();
        assertThat(RepairProtocol.topic(P, B, "other/rooms/general/messages")).isNull();
        assertThat(RepairProtocol.topic(P, B, P + "/rooms/general/messages/extra")).isNull();
    }

    @Test
    void a_request_goes_there_and_back_and_a_forged_one_is_malformed() throws Exception {
        var request = new RepairProtocol.Request(B, "site-a-x81kq2", 12, 40L, false);
        assertThat(RepairProtocol.Request.parse(json(request.toJson()))).isEqualTo(request);
        var open = new RepairProtocol.Request(B, "site-a-x81kq2", 0, null, true);
        assertThat(RepairProtocol.Request.parse(json(open.toJson()))).isEqualTo(open);

        for (String forged : List.of(
                "{\"by\":\"../x\",\"origin\":\"site-a\",\"after\":1}",
                "{\"by\":\"site-b\",\"origin\":\"site-a\",\"after\":-1}",
                "{\"by\":\"site-b\",\"origin\":\"site-a\",\"after\":\"1\"}",
                "{\"by\":\"site-b\",\"origin\":\"site-a\",\"after\":1e300}",
                "{\"by\":\"site-b\",\"origin\":\"site-a\",\"after\":5,\"upto\":5}",
                "{\"by\":\"site-b\",\"origin\":\"site-a\",\"after\":5,\"any\":\"yes\"}",
                "{\"by\":\"site-b\",\"after\":5}")) {
            assertThatThrownBy(() -> RepairProtocol.Request.parse(json(forged))).as(forged)
                    .isInstanceOf(RepairProtocol.Malformed.class);
        }
        assertThatThrownBy(() -> json("[1,2]")).isInstanceOf(RepairProtocol.Malformed.class);
        assertThatThrownBy(() -> json("hello")).isInstanceOf(RepairProtocol.Malformed.class);
    }

    @Test
    void a_done_lists_its_spans_within_what_it_covered() throws Exception {
        var done = new RepairProtocol.Done("site-a-x81kq2", "site-a-x81kq2", 10, 30, 1000,
                List.of(new RepairLedger.Span(12, 13, null)), List.of(new RepairLedger.Span(11, 11, 1_700_000L)));
        assertThat(RepairProtocol.isDone(json(done.toJson()))).isTrue();
        assertThat(RepairProtocol.Done.parse(json(done.toJson()))).isEqualTo(done);
        assertThat(done.fromOrigin()).isTrue();

        assertThatThrownBy(() -> RepairProtocol.Done.parse(json("{\"done\":true,\"by\":\"a\",\"origin\":\"a\","
                + "\"after\":10,\"upto\":30,\"latest\":30,\"skipped\":[[5,12]]}")))
                .as("a span outside (after, upto]").isInstanceOf(RepairProtocol.Malformed.class);
        assertThatThrownBy(() -> RepairProtocol.Done.parse(json("{\"done\":true,\"by\":\"a\",\"origin\":\"a\","
                + "\"after\":10,\"upto\":30,\"latest\":30,\"unavailable\":[{\"from\":11,\"to\":12}]}")))
                .as("unavailable without a time").isInstanceOf(RepairProtocol.Malformed.class);
        String many = "[11,11],".repeat(RepairProtocol.MAX_SPANS + 1);
        assertThatThrownBy(() -> RepairProtocol.Done.parse(json("{\"done\":true,\"by\":\"a\",\"origin\":\"a\","
                + "\"after\":10,\"upto\":30,\"latest\":30,\"skipped\":[" + many.substring(0, many.length() - 1)
                + "]}"))).as("too many spans").isInstanceOf(RepairProtocol.Malformed.class);
    }

    @Test
    void an_envelope_counter_is_a_positive_whole_number_or_nothing() throws Exception {
        assertThat(RepairProtocol.counterOf(json("{\"oseq\":7}"))).isEqualTo(7);
        assertThat(RepairProtocol.counterOf(json("{\"oseq\":0}"))).isNull();
        assertThat(RepairProtocol.counterOf(json("{\"oseq\":\"7\"}"))).isNull();
        assertThat(RepairProtocol.counterOf(json("{\"oseq\":7.5}"))).isNull();
        assertThat(RepairProtocol.counterOf(json("{\"text\":\"no counter\"}"))).isNull();
    }
}
