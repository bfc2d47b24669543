package chat.parley.http;

import chat.parley.push.PushSubscription;
import chat.parley.push.WebPushNotifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.util.Map;

/**
 * Web Push (docs/web-client.md): {@code GET /api/push/key} gives the server's VAPID public key (404 with
 * {@code web-push: false}); a signed-in user's browser keeps its push subscription with
 * {@code POST /api/push/subscriptions} (the JSON of {@code PushSubscription.toJSON()}) and gives it up with
 * {@code DELETE /api/push/subscriptions} and {@code {"endpoint":…}}. The endpoint travels in bodies only: it is a
 * secret, and URLs end up in logs.
 */
final class PushRoutes {

    private static final String EXAMPLE = "{\"endpoint\":\"https://fcm.googleapis.com/fcm/send/…\","
            + "\"keys\":{\"p256dh\":\"BN…\",\"auth\":\"…\"}}";

    private final WebPushNotifier push;
    private final ObjectMapper json;

    PushRoutes(WebPushNotifier push, ObjectMapper json) {
        this.push = push;
        this.json = json;
    }

    void key(Context ctx) {
        requireEnabled();
        ctx.json(Map.of("key", push.publicKey()));
    }

    void subscribe(Context ctx) throws SQLException {
        requireEnabled();
        var body = JsonBody.of(ctx, json, EXAMPLE);
        JsonNode keys = body.node().path("keys");
        PushSubscription subscription;
        try {
            subscription = new PushSubscription(Caller.of(ctx).name(), body.text("endpoint"),
                    keys.path("p256dh").textValue(), keys.path("auth").textValue());
            push.subscribe(subscription);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.status(201).json(Map.of("endpoint", subscription.endpoint()));
    }

    void unsubscribe(Context ctx) throws SQLException {
        String endpoint = JsonBody.of(ctx, json, "{\"endpoint\":\"https://…\"}").text("endpoint");
        if (!push.unsubscribe(Caller.of(ctx).name(), endpoint)) {
            throw ApiException.notFound("you have no push subscription with this endpoint");
        }
        ctx.status(204);
    }

    private void requireEnabled() {
        if (!push.enabled()) {
            throw ApiException.notFound("web push is off on this server (web-push: false)");
        }
    }
}
