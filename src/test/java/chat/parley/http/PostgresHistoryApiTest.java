package chat.parley.http;

import chat.parley.Mqtt;
import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.StoreSettings;
import chat.parley.db.PostgresServer;
import chat.parley.testing.ParleyServerExtension;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The whole server with {@code store: postgresql}: messages published over MQTT are stored on a real PostgreSQL
 * server (not in {@code parley.db}) and read back over REST: history pages, search with its filters, DMs only for
 * their two users.
 */
class PostgresHistoryApiTest {

    private static StoreSettings store;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(config -> {
        store = PostgresServer.shared().newStore("server");
        return config.withRateLimit(TestServer.UNLIMITED).withStore(store);
    });

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
                .payload("roadmaps are fun".getBytes()).send());
        Mqtt.join(alice.publishWith().topic("parley/dm/alice/bob/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload("private roadmap talk".getBytes()).send());
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    @Test
    void acknowledged_messages_are_rows_of_the_postgresql_database() throws SQLException {
        try (var c = DriverManager.getConnection(store.postgresUrl(), store.postgresUser(), "");
             var rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(seq) FROM messages WHERE room = 'general'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(120);
            assertThat(rs.getLong(2)).isEqualTo(120);
        }
    }

    @Test
    void history_pages_and_room_summaries_come_from_postgresql() {
        List<Integer> seqs = api().get("/api/rooms/general/messages").then().statusCode(200)
                .body("hasMore", equalTo(true)).extract().path("messages.seq");
        assertThat(seqs).hasSize(50).first().isEqualTo(71);
        assertThat(seqs).last().isEqualTo(120);
        api().queryParam("after", 100).queryParam("limit", 10).get("/api/rooms/general/messages").then()
                .statusCode(200).body("messages.seq", equalTo(List.of(101, 102, 103, 104, 105, 106, 107, 108, 109,
                        110)));
        api().queryParam("rooms", "general,random,never-used").get("/api/rooms").then().statusCode(200)
                .body("rooms.room", equalTo(List.of("general", "random")))
                .body("rooms[0].count", equalTo(120))
                .body("rooms[0].last.text", equalTo("message 120"));
        api().get("/api/rooms/nobody-here/messages").then().statusCode(404);
    }

    @Test
    void search_ranks_phrases_prefixes_and_filters_in_the_readers_scope() {
        api().queryParam("q", "roadmap*").get("/api/search").then().statusCode(200)
                .body("results.room", containsInAnyOrder("general", "random"));
        api().queryParam("q", "\"quarterly roadmap\"").get("/api/search").then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].seq", equalTo(7))
                .body("results[0].from", equalTo("alice"))
                .body("results[0].snippet", containsString("\u0002quarterly roadmap\u0003"));
        api().queryParam("q", "roadmaps").queryParam("room", "general").get("/api/search").then()
                .statusCode(200).body("results", hasSize(0));
        api().queryParam("q", "message").queryParam("from", "bob").queryParam("limit", 100).get("/api/search")
                .then().statusCode(200).body("results", hasSize(60));
        api().queryParam("q", "\"; DROP TABLE messages; --").get("/api/search").then().statusCode(200)
                .body("results", hasSize(0));
        api().queryParam("q", "private").get("/api/search").then().statusCode(200).body("results", hasSize(0));
    }
}
