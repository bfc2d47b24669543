package chat.parley.http;

import io.javalin.Javalin;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;

/** A route registered without an {@link Access} is refused by the guard, not left open. */
class AccessGuardTest {

    @Test
    void a_route_without_an_access_declaration_is_refused() {
        // The guard decides "undeclared" before it looks up anyone, so it needs no accounts here.
        var guard = new AccessGuard(null, null, null, null, id -> java.util.Optional.empty());
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.beforeMatched(guard::check);
            cfg.routes.get("/api/forgotten", ctx -> ctx.result("open to anyone"));
            cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.toError().status()).json(e.toError()));
        }).start();
        try {
            RestAssured.given().baseUri("http://127.0.0.1").port(app.port()).get("/api/forgotten").then()
                    .statusCode(500).body("error", equalTo("internal_error"));
        } finally {
            app.stop();
        }
    }
}
