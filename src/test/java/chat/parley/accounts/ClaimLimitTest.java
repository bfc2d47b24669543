package chat.parley.accounts;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** {@code claims-per-minute}: one address cannot take hundreds of names in seconds. */
class ClaimLimitTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension().withConfig(config -> config.withClaimsPerMinute(10));

    @Test
    void five_hundred_claims_from_one_address_are_throttled_after_the_allowance() {
        var api = RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort())
                .contentType(ContentType.JSON);
        List<Integer> statuses = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            statuses.add(api.body("{\"user\":\"bulk" + i + "\"}").post("/api/claim").statusCode());
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(statuses.subList(0, 10)).containsOnly(201);
        // The bucket refills one claim every 6 s: a slow (or busy) machine earns one more per 6 s the run takes.
        assertThat(statuses.stream().filter(s -> s == 201).count()).isBetween(10L, 11L + seconds / 6);
        assertThat(statuses.stream().filter(s -> s != 201)).containsOnly(429);

        api.body("{\"user\":\"one-more\"}").post("/api/claim").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-6]"))
                .body("error", equalTo("too_many_attempts"))
                .body("message", containsString("try again in"));
        RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort()).get("/metrics").then()
                .body(containsString("parley_claims_throttled_total"));
    }
}
