package chat.parley.http;

import chat.parley.ApiSessions;
import chat.parley.TestServer;
import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed-in {@code /api/rooms} call about 200 rooms reads through the pool: it opens no connection of its own. */
class RoomsConnectionsTest {

    private static final Pattern OPENED =
            Pattern.compile("(?m)^parley_db_connections_opened_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final int ROOMS = 200;
    private static final int CALLS = 50;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static long opened() {
        Matcher m = OPENED.matcher(api().get("/metrics").then().statusCode(200).extract().asString());
        assertThat(m.find()).as("parley_db_connections_opened_total is exported").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void a_200_room_listing_with_a_session_opens_no_connection_of_its_own() throws Exception {
        var futures = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < ROOMS; i++) {
            futures.add(parley.server().store().append(Envelope.of("m" + i, "room" + i,
                    new Stamp("alice", "c1", 1_000 + i), new Body.Text("hello " + i), null)));
        }
        futures.forEach(CompletableFuture::join);
        String token = ApiSessions.claim(parley.server().httpPort(), "alice").token();
        String rooms = String.join(",", IntStream.range(0, ROOMS).mapToObj(i -> "room" + i).toList());
        int listed = api().auth().oauth2(token).queryParam("rooms", rooms).get("/api/rooms").then().statusCode(200)
                .extract().jsonPath().getList("rooms").size(); // the pool opens its readers when first needed
        assertThat(listed).isEqualTo(ROOMS);

        // Timed with the JDK's client: RestAssured's JSON path takes longer than the request itself.
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.server().httpPort()
                + "/api/rooms?rooms=" + rooms)).header("Authorization", "Bearer " + token).build();
        long before = opened();
        long[] micros = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long started = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            micros[i] = (System.nanoTime() - started) / 1_000;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"room199\"");
        }
        long after = opened();

        Arrays.sort(micros);
        System.out.printf("%d-room /api/rooms with a session: median %.1f ms, max %.1f ms over %d calls; "
                + "connections opened: %d%n", ROOMS, micros[CALLS / 2] / 1000.0, micros[CALLS - 1] / 1000.0, CALLS,
                after - before);
        // At most the reader pool growing to its four connections (readers open when first needed), never one per
        // room or per call.
        assertThat(after - before).as("connections opened by %d listings of %d rooms", CALLS, ROOMS)
                .isLessThanOrEqualTo(4);
    }
}
