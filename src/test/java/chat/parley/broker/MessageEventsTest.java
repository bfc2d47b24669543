package chat.parley.broker;

import chat.parley.Mqtt;
import chat.parley.TestServer;
import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.testing.ParleyServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Replies, reactions, edits and deletes as envelopes in the room's seq stream, seen by plain MQTT 5 clients: the
 * rules the server enforces (PUBACK codes), live delivery, history's current state and catch-up by seq.
 */
class MessageEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();

    @AfterEach
    void disconnect() {
        clients.forEach(Mqtt5AsyncClient::disconnect);
    }

    private Mqtt5AsyncClient connect(String user) {
        Mqtt5AsyncClient client = Mqtt.v5(parley.server().mqttPort(), user);
        clients.add(client);
        return client;
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static CompletableFuture<?> send(Mqtt5AsyncClient client, String room, String json) {
        return client.publishWith().topic("parley/rooms/" + room + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).send();
    }

    private static void say(Mqtt5AsyncClient client, String room, String json) {
        Mqtt.join(send(client, room, json));
    }

    private static void refused(CompletableFuture<?> future, Mqtt5PubAckReasonCode code, String reason) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code);
                    assertThat(e.getMqttMessage().getReasonString().map(Object::toString)).hasValueSatisfying(
                            text -> assertThat(text).contains(reason));
                });
    }

    /** The room's history page, as JSON. */
    private static JsonPath history(String room, String query) {
        return api().get("/api/rooms/" + room + "/messages" + query).then().statusCode(200).extract().jsonPath();
    }

    /** The message with {@code id} in the latest page of {@code room}. */
    private static Map<String, Object> message(String room, String id) {
        return history(room, "?limit=500").getMap("messages.find { it.id == '" + id + "' }");
    }

    private static JsonNode json(Mqtt5Publish publish) {
        try {
            return JSON.readTree(publish.getPayloadAsBytes());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void editing_someone_elses_message_is_refused_with_0x87() {
        Mqtt5AsyncClient alice = connect("alice");
        Mqtt5AsyncClient mallory = connect("mallory");
        say(alice, "ev-auth", "{\"id\":\"a1\",\"text\":\"the plan is at noon\"}");
        long before = parley.server().refusals().count(Refusal.NOT_AUTHOR);

        refused(send(mallory, "ev-auth", "{\"type\":\"edit\",\"target\":\"a1\",\"text\":\"the plan is off\"}"),
                Mqtt5PubAckReasonCode.NOT_AUTHORIZED, "only its author edits a message");
        refused(send(mallory, "ev-auth", "{\"type\":\"delete\",\"target\":\"a1\"}"),
                Mqtt5PubAckReasonCode.NOT_AUTHORIZED, "only its author or an admin deletes a message");

        assertThat(parley.server().refusals().count(Refusal.NOT_AUTHOR)).isEqualTo(before + 2);
        assertThat(message("ev-auth", "a1")).containsEntry("text", "the plan is at noon")
                .doesNotContainKeys("edited", "deleted");
        assertThat(history("ev-auth", "").getList("messages")).hasSize(1); // nothing refused is in the stream
        assertThat(mallory.getState().isConnected()).isTrue();
    }

    @Test
    void an_edit_by_its_author_is_seen_live_and_in_history_and_search() {
        Mqtt5AsyncClient alice = connect("alice");
        var live = Mqtt.subscribe(connect("watcher"), "parley/rooms/ev-edit/messages");
        say(alice, "ev-edit", "{\"id\":\"e1\",\"text\":\"meet at the lighthouse\"}");
        say(alice, "ev-edit", "{\"id\":\"e1-fix\",\"type\":\"edit\",\"target\":\"e1\","
                + "\"text\":\"meet at the harbour\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 2);
        JsonNode edit = json(live.get(1));
        assertThat(edit.path("type").asText()).isEqualTo("edit");
        assertThat(edit.path("target").asText()).isEqualTo("e1");
        assertThat(edit.path("text").asText()).isEqualTo("meet at the harbour");
        assertThat(edit.path("from").asText()).isEqualTo("alice");
        assertThat(edit.path("seq").asLong()).isEqualTo(2);

        Map<String, Object> message = message("ev-edit", "e1");
        assertThat(message).containsEntry("text", "meet at the harbour").containsEntry("edited", edit.path("ts")
                .asLong()).containsEntry("rev", 2);
        api().queryParam("q", "harbour").get("/api/search").then().body("results.message.id", equalTo(List.of("e1")));
        api().queryParam("q", "lighthouse").get("/api/search").then().body("results", hasSize(0));
    }

    @Test
    void deleting_as_the_author_leaves_a_tombstone_without_text_anywhere() {
        Mqtt5AsyncClient bob = connect("bob");
        var live = Mqtt.subscribe(connect("watcher"), "parley/rooms/ev-del/messages");
        say(bob, "ev-del", "{\"id\":\"d0\",\"text\":\"good morning\"}");
        say(bob, "ev-del", "{\"id\":\"d1\",\"text\":\"my password is swordfish\"}");
        say(bob, "ev-del", "{\"type\":\"edit\",\"target\":\"d1\",\"text\":\"my password is hunter2\"}");
        say(connect("carol"), "ev-del", "{\"type\":\"reaction\",\"target\":\"d1\",\"emoji\":\"😱\",\"op\":\"add\"}");
        say(bob, "ev-del", "{\"type\":\"delete\",\"target\":\"d1\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 5);
        JsonNode delete = json(live.get(4));
        assertThat(delete.path("type").asText()).isEqualTo("delete");
        assertThat(delete.path("target").asText()).isEqualTo("d1");

        String page = api().get("/api/rooms/ev-del/messages").then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain("swordfish", "hunter2");
        Map<String, Object> tombstone = message("ev-del", "d1");
        assertThat(tombstone).containsEntry("deleted", true).containsEntry("from", "bob")
                .containsEntry("reactions", Map.of()).doesNotContainKey("text");
        assertThat(history("ev-del", "").getList("messages.type"))
                .containsExactly("text", "text", "edit", "reaction", "delete");
        api().queryParam("q", "password").get("/api/search").then().body("results", hasSize(0));
        String markdown = api().get("/api/rooms/ev-del/export?format=markdown").then().statusCode(200)
                .extract().asString();
        assertThat(markdown).contains("good morning").doesNotContain("password").endsWith("1 message.\n");
        assertThat(api().get("/api/rooms/ev-del/export").then().statusCode(200).extract().jsonPath()
                .getList("id")).containsExactly("d0");

        refused(send(bob, "ev-del", "{\"type\":\"edit\",\"target\":\"d1\",\"text\":\"back again\"}"),
                Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID, "message d1 was deleted");
        refused(send(bob, "ev-del", "{\"type\":\"delete\",\"target\":\"d1\"}"),
                Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID, "message d1 was deleted");
    }

    @Test
    void a_reaction_twice_counts_once_and_remove_takes_it_away() {
        Mqtt5AsyncClient alice = connect("alice");
        Mqtt5AsyncClient bob = connect("bob");
        Mqtt5AsyncClient carol = connect("carol");
        var live = Mqtt.subscribe(connect("watcher"), "parley/rooms/ev-react/messages");
        say(alice, "ev-react", "{\"id\":\"r1\",\"text\":\"ship it?\"}");
        String thumbs = "{\"type\":\"reaction\",\"target\":\"r1\",\"emoji\":\"👍\",\"op\":\"%s\"}";

        say(bob, "ev-react", thumbs.formatted("add"));
        say(bob, "ev-react", thumbs.formatted("add")); // acknowledged, not counted, not delivered
        say(carol, "ev-react", thumbs.formatted("add"));
        say(carol, "ev-react", "{\"type\":\"reaction\",\"target\":\"r1\",\"emoji\":\"🎉\",\"op\":\"add\"}");

        assertThat(message("ev-react", "r1").get("reactions"))
                .isEqualTo(Map.of("👍", List.of("bob", "carol"), "🎉", List.of("carol")));
        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 4);

        say(bob, "ev-react", thumbs.formatted("remove"));
        say(bob, "ev-react", thumbs.formatted("remove")); // nothing left to remove: harmless
        say(alice, "ev-react", thumbs.formatted("remove"));

        assertThat(message("ev-react", "r1").get("reactions"))
                .isEqualTo(Map.of("👍", List.of("carol"), "🎉", List.of("carol")));
        assertThat(history("ev-react", "").getList("messages.type"))
                .containsExactly("text", "reaction", "reaction", "reaction", "reaction");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 5);
        assertThat(json(live.get(4)).path("op").asText()).isEqualTo("remove");
    }

    @Test
    void bad_targets_are_refused_with_0x99_and_a_reason() {
        Mqtt5AsyncClient alice = connect("alice");
        say(alice, "ev-bad", "{\"id\":\"b1\",\"text\":\"here\"}");
        say(alice, "ev-elsewhere", "{\"id\":\"other-room\",\"text\":\"there\"}");
        say(alice, "ev-bad", "{\"id\":\"b1-react\",\"type\":\"reaction\",\"target\":\"b1\",\"emoji\":\"👀\","
                + "\"op\":\"add\"}");
        long before = parley.server().refusals().count(Refusal.INVALID_TARGET);
        var invalid = Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID;

        refused(send(alice, "ev-bad", "{\"type\":\"edit\",\"target\":\"nope\",\"text\":\"x\"}"), invalid,
                "no message with id nope in room 'ev-bad'");
        refused(send(alice, "ev-bad", "{\"type\":\"delete\",\"target\":\"other-room\"}"), invalid,
                "no message with id other-room in room 'ev-bad'");
        refused(send(alice, "ev-bad", "{\"type\":\"reaction\",\"target\":\"b1-react\",\"emoji\":\"👀\","
                + "\"op\":\"add\"}"), invalid, "b1-react is a reaction, not a message");
        refused(send(alice, "ev-bad", "{\"text\":\"a reply\",\"replyTo\":\"ghost\"}"), invalid,
                "replyTo ghost is not a message of room 'ev-bad'");
        assertThat(parley.server().refusals().count(Refusal.INVALID_TARGET)).isEqualTo(before + 4);

        // The shape of an event is checked before its target: these are invalid envelopes.
        refused(send(alice, "ev-bad", "{\"type\":\"reaction\",\"target\":\"b1\",\"emoji\":\"a very long emoji "
                + "name\",\"op\":\"add\"}"), invalid, "a reaction needs an emoji");
        refused(send(alice, "ev-bad", "{\"type\":\"reaction\",\"target\":\"b1\",\"emoji\":\"👍\",\"op\":\"toggle\"}"),
                invalid, "op must be add or remove");
        refused(send(alice, "ev-bad", "{\"type\":\"edit\",\"target\":\"b1\",\"text\":\" \"}"), invalid,
                "an edit needs the new text");
        refused(send(alice, "ev-bad", "{\"type\":\"delete\"}"), invalid, "a delete needs a target");
        refused(send(alice, "ev-bad", "{\"type\":\"edit\",\"target\":\"b1\",\"text\":\"" + "x".repeat(4001) + "\"}"),
                Mqtt5PubAckReasonCode.QUOTA_EXCEEDED, "over the limit");
        assertThat(history("ev-bad", "").getList("messages.id")).containsExactly("b1", "b1-react");
    }

    @Test
    void direct_messages_take_events_under_the_same_rules() {
        Mqtt5AsyncClient alice = connect("alice");
        Mqtt5AsyncClient bob = connect("bob");
        String dm = "parley/dm/alice/bob/messages";
        Mqtt.join(alice.publishWith().topic(dm).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"id\":\"dm-1\",\"text\":\"psst\"}".getBytes()).send());
        Mqtt.join(bob.publishWith().topic(dm).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"type\":\"reaction\",\"target\":\"dm-1\",\"emoji\":\"🤫\",\"op\":\"add\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).send());
        refused(bob.publishWith().topic(dm).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"type\":\"edit\",\"target\":\"dm-1\",\"text\":\"loud\"}".getBytes()).send(),
                Mqtt5PubAckReasonCode.NOT_AUTHORIZED, "only its author edits a message");
        Envelope stored = parley.server().store().latest("dm:alice:bob", 10).messages().get(0);
        assertThat(stored.text()).isEqualTo("psst");
        assertThat(stored.state().reactions()).isEqualTo(Map.of("🤫", List.of("bob")));
    }

    @Test
    void replies_are_counted_on_the_message_they_answer() {
        Mqtt5AsyncClient alice = connect("alice");
        Mqtt5AsyncClient bob = connect("bob");
        say(alice, "ev-thread", "{\"id\":\"q1\",\"text\":\"lunch?\"}");
        say(bob, "ev-thread", "{\"id\":\"q1-a\",\"text\":\"yes\",\"replyTo\":\"q1\"}");
        say(alice, "ev-thread", "{\"id\":\"q1-b\",\"text\":\"where\",\"replyTo\":\"q1\"}");
        assertThat(message("ev-thread", "q1")).containsEntry("replies", 2).containsEntry("rev", 3);
        assertThat(message("ev-thread", "q1-a")).containsEntry("replyTo", "q1").containsEntry("replies", 0);

        say(alice, "ev-thread", "{\"type\":\"delete\",\"target\":\"q1-b\"}");
        assertThat(message("ev-thread", "q1")).containsEntry("replies", 1).containsEntry("rev", 4);
    }

    @Test
    void catch_up_after_a_gap_brings_edits_reactions_and_deletes_in_order() {
        Mqtt5AsyncClient alice = connect("alice");
        Mqtt5AsyncClient bob = connect("bob");
        say(alice, "ev-gap", "{\"id\":\"g1\",\"text\":\"first\"}");
        say(bob, "ev-gap", "{\"id\":\"g2\",\"text\":\"second\"}");
        long seen = history("ev-gap", "").getLong("messages[-1].seq"); // a client reads this far, then goes away

        say(alice, "ev-gap", "{\"type\":\"edit\",\"target\":\"g1\",\"text\":\"first, edited\"}");
        say(alice, "ev-gap", "{\"type\":\"reaction\",\"target\":\"g2\",\"emoji\":\"👍\",\"op\":\"add\"}");
        say(bob, "ev-gap", "{\"type\":\"delete\",\"target\":\"g2\"}");
        say(bob, "ev-gap", "{\"id\":\"g3\",\"text\":\"third\"}");

        JsonPath gap = history("ev-gap", "?after=" + seen);
        assertThat(gap.getList("messages.seq")).containsExactly(3, 4, 5, 6);
        assertThat(gap.getList("messages.type")).containsExactly("edit", "reaction", "delete", "text");
        assertThat(gap.getList("messages.target")).containsExactly("g1", "g2", "g2", null);
        assertThat(gap.getString("messages[0].text")).isEqualTo("first, edited");
        assertThat(gap.getBoolean("hasMore")).isFalse();
    }

    @Test
    void around_gives_a_page_centred_on_a_seq_with_more_on_either_side() {
        Mqtt5AsyncClient alice = connect("alice");
        for (int i = 1; i <= 30; i++) {
            say(alice, "ev-around", "message " + i);
        }
        JsonPath middle = history("ev-around", "?around=15&limit=10");
        assertThat(middle.getList("messages.seq")).containsExactly(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertThat(middle.getBoolean("hasMoreBefore")).isTrue();
        assertThat(middle.getBoolean("hasMoreAfter")).isTrue();
        assertThat(middle.getBoolean("hasMore")).isTrue();

        JsonPath start = history("ev-around", "?around=2&limit=10");
        assertThat(start.getList("messages.seq")).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(start.getBoolean("hasMoreBefore")).isFalse();
        assertThat(start.getBoolean("hasMoreAfter")).isTrue();

        JsonPath end = history("ev-around", "?around=29&limit=10");
        assertThat(end.getList("messages.seq")).containsExactly(25, 26, 27, 28, 29, 30);
        assertThat(end.getBoolean("hasMoreAfter")).isFalse();
        assertThat(history("ev-around", "?limit=5").getMap("$")).doesNotContainKeys("hasMoreBefore", "hasMoreAfter");

        api().get("/api/rooms/ev-around/messages?around=5&after=2").then().statusCode(400)
                .body("message", equalTo("give around alone, not with before or after"));
    }
}
