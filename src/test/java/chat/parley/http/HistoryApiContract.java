package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * The history REST API over messages published by a real MQTT client, on either store: history pages, room summaries,
 * search with its filters, export, DMs only for their two users. Subclasses register the server (a static
 * {@code @RegisterExtension}, which also runs {@link #seed}) and say which one it is.
 */
abstract class HistoryApiContract {

    /** The subclass's server, on the store it tests. */
    abstract ParleyServerExtension parley();

    @BeforeAll
    static void seed(ParleyServer server) {
        Mqtt5AsyncClient alice = Mqtt.v5(server.mqttPort(), "alice");
        Mqtt5AsyncClient bob = Mqtt.v5(server.mqttPort(), "bob");
        for (int i = 1; i <= 120; i++) {
            var sender = i % 2 == 0 ? bob : alice;
            Mqtt.join(sender.publishWith().topic("parley/rooms/general/messages").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("message " + i + (i == 7 ? " about the quarterly roadmap" : "")).getBytes()).send());
        }
        Mqtt.join(bob.publishWith().topic("parley/rooms/random/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("roadmaps are fun\nsecond line".getBytes()).send());
        Mqtt.join(alice.publishWith().topic("parley/dm/alice/bob/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("private roadmap talk".getBytes()).send());
    }

    RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley().server().httpPort());
    }

    @Test
    void rooms_describes_the_named_rooms_with_count_and_last_message() {
        api().queryParam("rooms", "general,random,never-used").get("/api/rooms").then().statusCode(200)
                .body("rooms", hasSize(2))
                .body("rooms[0].room", equalTo("general"))
                .body("rooms[0].count", equalTo(120))
                .body("rooms[0].lastSeq", equalTo(120))
                .body("rooms[0].last.text", equalTo("message 120"))
                .body("rooms[1].room", equalTo("random"));
    }

    @Test
    void rooms_are_never_listed_wholesale() {
        api().get("/api/rooms").then().statusCode(400)
                .body("message", startsWith("name the rooms, e.g. ?rooms=general,random"));
        api().queryParam("rooms", "general,Bad!").get("/api/rooms").then().statusCode(400)
                .body("message", equalTo("room id must match [a-z0-9][a-z0-9_-]{0,63} (or be a DM key dm:a:b), "
                        + "got 'Bad!'"));
    }

    @Test
    void messages_default_to_the_latest_fifty_ascending() {
        List<Integer> seqs = api().get("/api/rooms/general/messages").then().statusCode(200)
                .body("room", equalTo("general"))
                .body("hasMore", equalTo(true))
                .extract().path("messages.seq");
        assertThat(seqs).hasSize(50).first().isEqualTo(71);
        assertThat(seqs).last().isEqualTo(120);
    }

    @Test
    void before_and_after_page_through_history() {
        api().queryParam("before", 71).queryParam("limit", 30).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages[0].seq", equalTo(41)).body("messages[29].seq", equalTo(70))
                .body("hasMore", equalTo(true));
        api().queryParam("before", 3).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages.seq", equalTo(List.of(1, 2))).body("hasMore", equalTo(false));
        api().queryParam("after", 100).queryParam("limit", 10).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages.seq", equalTo(List.of(101, 102, 103, 104, 105, 106, 107, 108, 109,
                        110)));
        api().queryParam("after", 115).queryParam("limit", 500).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages.seq", equalTo(List.of(116, 117, 118, 119, 120)))
                .body("hasMore", equalTo(false));
        api().queryParam("after", 120).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages", hasSize(0));
    }

    @Test
    void bad_paging_input_gets_a_clear_400() {
        api().queryParam("before", "abc").get("/api/rooms/general/messages").then().statusCode(400)
                .body("status", equalTo(400)).body("error", equalTo("bad_request"))
                .body("message", equalTo("before must be a message seq (a whole number, 0 or more), got 'abc'"));
        api().queryParam("after", "-5").get("/api/rooms/general/messages").then().statusCode(400)
                .body("message", startsWith("after must be a message seq"));
        api().queryParam("limit", 100000).get("/api/rooms/general/messages").then().statusCode(400)
                .body("message", equalTo("limit must be a whole number from 1 to 500, got '100000'"));
        api().queryParam("limit", 0).get("/api/rooms/general/messages").then().statusCode(400);
        api().queryParam("before", 5).queryParam("after", 1).get("/api/rooms/general/messages").then()
                .statusCode(400).body("message", equalTo("give before or after, not both"));
        api().get("/api/rooms/Not_A_Room!/messages").then().statusCode(400)
                .body("message", startsWith("room id must match"));
    }

    @Test
    void direct_messages_are_readable_over_rest_only_by_their_two_users() {
        api().get("/api/rooms/dm:alice:bob/messages").then().statusCode(401)
                .body("error", equalTo("unauthorized"))
                .body("message", startsWith("only alice and bob may use their direct messages"));
        api().get("/api/rooms/dm:alice:bob/export").then().statusCode(401);
        api().queryParam("q", "private").queryParam("room", "dm:alice:bob").get("/api/search").then().statusCode(401);
        api().queryParam("q", "private").get("/api/search").then().statusCode(200).body("results", hasSize(0));
        api().queryParam("q", "roadmap").get("/api/search").then().statusCode(200)
                .body("results.room", equalTo(List.of("general")));

        String aliceToken = signIn("alice");
        String carolToken = signIn("carol");
        api().auth().oauth2(carolToken).get("/api/rooms/dm:alice:bob/messages").then().statusCode(403)
                .body("error", equalTo("forbidden"));
        api().auth().oauth2(carolToken).queryParam("q", "private").get("/api/search").then().statusCode(200)
                .body("results", hasSize(0));
        api().auth().oauth2(aliceToken).get("/api/rooms/dm:alice:bob/messages").then().statusCode(200)
                .body("messages.text", equalTo(List.of("private roadmap talk")));
        api().auth().oauth2(aliceToken).queryParam("q", "private").get("/api/search").then().statusCode(200)
                .body("results.room", equalTo(List.of("dm:alice:bob")));
        // the room summaries (unread counts after a reload) name a DM for its two users only
        api().auth().oauth2(aliceToken).queryParam("rooms", "general,dm:alice:bob").get("/api/rooms").then()
                .statusCode(200).body("rooms.room", equalTo(List.of("general", "dm:alice:bob")));
        api().auth().oauth2(carolToken).queryParam("rooms", "general,dm:alice:bob").get("/api/rooms").then()
                .statusCode(200).body("rooms.room", equalTo(List.of("general")));
    }

    /** Claims the name ({@code auth: open}) and signs in with its secret; returns the session's bearer token. */
    private String signIn(String user) {
        String secret = api().contentType("application/json").body("{\"user\":\"" + user + "\"}")
                .post("/api/claim").then().statusCode(201).extract().path("secret");
        return api().contentType("application/json")
                .body("{\"user\":\"" + user + "\",\"password\":\"" + secret + "\"}")
                .post("/api/login").then().statusCode(200).extract().path("token");
    }

    @Test
    void unknown_room_is_404() {
        api().get("/api/rooms/nobody-here/messages").then().statusCode(404)
                .body("error", equalTo("not_found")).body("message", equalTo("no messages in room 'nobody-here'"));
        api().get("/api/rooms/nobody-here/export").then().statusCode(404);
    }

    @Test
    void search_finds_ranked_matches_with_snippets_and_filters() {
        api().queryParam("q", "roadmap*").get("/api/search").then().statusCode(200)
                .body("results.room", containsInAnyOrder("general", "random"));
        api().queryParam("q", "\"quarterly roadmap\"").get("/api/search").then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].room", equalTo("general"))
                .body("results[0].seq", equalTo(7))
                .body("results[0].from", equalTo("alice"))
                .body("results[0].snippet", containsString("\u0002quarterly roadmap\u0003"))
                .body("results[0].message.text", equalTo("message 7 about the quarterly roadmap"));
        api().queryParam("q", "roadmaps").queryParam("room", "general").get("/api/search").then()
                .statusCode(200).body("results", hasSize(0));
        api().queryParam("q", "message").queryParam("from", "bob").queryParam("limit", 100).get("/api/search")
                .then().statusCode(200).body("results", hasSize(60));
        api().queryParam("q", "\"; DROP TABLE messages; --").get("/api/search").then().statusCode(200)
                .body("results", hasSize(0));
        api().get("/api/rooms/general/messages?limit=1").then().body("messages[0].seq", equalTo(120));
    }

    @Test
    void bad_search_input_gets_a_clear_400() {
        api().get("/api/search").then().statusCode(400).body("message", equalTo("q must not be empty"));
        api().queryParam("q", "-- ;").get("/api/search").then().statusCode(400)
                .body("message", equalTo("search needs at least one word"));
        api().queryParam("q", "x").queryParam("limit", "lots").get("/api/search").then().statusCode(400);
    }

    @Test
    void export_as_json_and_markdown() {
        List<Integer> seqs = api().queryParam("format", "json").get("/api/rooms/general/export").then()
                .statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"general.json\""))
                .extract().path("seq");
        assertThat(seqs).hasSize(120).first().isEqualTo(1);

        String markdown = api().queryParam("format", "markdown").get("/api/rooms/random/export").then()
                .statusCode(200).contentType(startsWith("text/markdown"))
                .extract().asString();
        assertThat(markdown).startsWith("# random\n");
        assertThat(markdown).containsPattern("\\*\\*bob\\*\\* \\d\\d:\\d\\d — roadmaps are fun  \n    second line");
        assertThat(markdown).endsWith("1 message.\n");

        api().queryParam("format", "pdf").get("/api/rooms/general/export").then().statusCode(400)
                .body("message", equalTo("format must be json or markdown, got 'pdf'"));
    }
}
