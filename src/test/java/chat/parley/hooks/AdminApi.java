package chat.parley.hooks;

import chat.parley.ParleyServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The admin API of a test server, for making bots and webhooks the way an admin does. */
final class AdminApi {

    private final ParleyServer server;

    AdminApi(ParleyServer server) {
        this.server = server;
    }

    RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.httpPort());
    }

    RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + server.adminToken().value()).contentType(ContentType.JSON);
    }

    /** Makes a bot (limited to {@code rooms}, or to none) and returns its token. */
    String bot(String name, String... rooms) {
        String list = rooms.length == 0 ? "" : ",\"rooms\":[\"" + String.join("\",\"", rooms) + "\"]";
        return admin().body("{\"name\":\"" + name + "\"" + list + "}").post("/api/admin/bots")
                .then().statusCode(201).extract().path("token");
    }

    /** Makes an incoming webhook for {@code room} posting as {@code bot}, and returns its URL. */
    String hook(String room, String bot) {
        return admin().body("{\"room\":\"" + room + "\",\"bot\":\"" + bot + "\"}").post("/api/admin/hooks")
                .then().statusCode(201).extract().path("url");
    }

    /** Requests with a bearer token (a bot's or a session's). */
    RequestSpecification bearer(String token) {
        return api().header("Authorization", "Bearer " + token);
    }
}
