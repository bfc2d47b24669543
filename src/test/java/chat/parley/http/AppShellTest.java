package chat.parley.http;

import chat.parley.TestServer;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What makes the web client installable and able to update itself: the manifest (named after the server), its icons,
 * and the service worker, both answered so that browsers ask again every time (no-cache).
 */
class AppShellTest {

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension();

    private static RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    @Test
    void the_manifest_names_the_server_and_lists_icons_that_exist_at_their_sizes() {
        var answer = http().get("/manifest.webmanifest").then().statusCode(200)
                .header("Cache-Control", "no-cache").contentType("application/manifest+json").extract().jsonPath();
        assertThat(answer.getString("name")).isEqualTo(parley.server().config().name());
        assertThat(answer.getString("display")).isEqualTo("standalone");
        assertThat(answer.getString("start_url")).isEqualTo("/");
        assertThat(answer.getString("scope")).isEqualTo("/");
        List<Map<String, String>> icons = answer.getList("icons");
        assertThat(icons).extracting(icon -> icon.get("sizes") + " " + icon.get("purpose"))
                .containsExactly("192x192 any", "512x512 any", "512x512 maskable");
        for (var icon : icons) {
            byte[] png = http().get(icon.get("src")).then().statusCode(200).contentType("image/png").extract()
                    .asByteArray();
            int side = Integer.parseInt(icon.get("sizes").split("x")[0]);
            // the PNG's width and height: IHDR, after the 8-byte signature and the chunk's length and type
            assertThat(ByteBuffer.wrap(png, 16, 8).getInt()).isEqualTo(side);
            assertThat(ByteBuffer.wrap(png, 20, 4).getInt()).isEqualTo(side);
        }
    }

    @Test
    void the_service_worker_is_asked_for_again_every_time_and_carries_the_shells_version() {
        String script = http().get("/sw.js").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/")
                .contentType("text/javascript").extract().asString();
        assertThat(script).containsPattern("version:\"[0-9a-f]{16}\"").contains("/app.js").contains("/style.css");
        String page = http().get("/").then().statusCode(200).extract().asString();
        assertThat(page).contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">");
    }
}
