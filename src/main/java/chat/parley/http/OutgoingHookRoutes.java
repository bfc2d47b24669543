package chat.parley.http;

import chat.parley.hooks.Hooks;
import chat.parley.hooks.OutgoingHook;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin's outgoing webhooks: {@code /api/admin/outgoing-hooks}. A new hook's secret is in the answer once; the
 * list shows each hook's last delivery and queue, never a secret.
 */
final class OutgoingHookRoutes {

    private static final Logger log = LoggerFactory.getLogger(OutgoingHookRoutes.class);
    private static final String SHAPE = "{\"url\":\"http://127.0.0.1:9000/hook\",\"room\":\"ops\",\"bot\":\"helper\"}";

    private final Hooks hooks;
    private final ObjectMapper json;

    OutgoingHookRoutes(Hooks hooks, ObjectMapper json) {
        this.hooks = hooks;
        this.json = json;
    }

    /** {@code GET /api/admin/outgoing-hooks}. */
    void list(Context ctx) {
        ctx.json(Map.of("hooks", hooks.outgoing().stream().map(s -> describe(s.hook(), s.queued())).toList()));
    }

    /** {@code POST /api/admin/outgoing-hooks} {@code {"url","room","bot"}}: 201 with the secret, shown this once. */
    void create(Context ctx) {
        var body = JsonBody.of(ctx, json, SHAPE);
        String url = body.text("url");
        OutgoingHook hook;
        try {
            hook = hooks.addOutgoing(url, body.optionalText("room", null), body.optionalText("bot", null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        log.info("admin made outgoing webhook {} to {} (room {}, bot {})", hook.id(), url, hook.room(), hook.bot());
        var answer = describe(hook, 0);
        answer.put("secret", hook.secret());
        ctx.status(201).json(answer);
    }

    /** {@code DELETE /api/admin/outgoing-hooks/{id}}: the hook and what is queued for it go. */
    void remove(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id must be a webhook's number");
        }
        if (!hooks.removeOutgoing(id)) {
            throw ApiException.notFound("there is no outgoing webhook " + id);
        }
        log.info("admin removed outgoing webhook {}", id);
        ctx.status(204);
    }

    private static Map<String, Object> describe(OutgoingHook hook, long queued) {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", hook.id());
        map.put("url", hook.url());
        map.put("room", hook.room());
        map.put("bot", hook.bot());
        map.put("created", hook.created());
        map.put("lastAt", hook.lastAt());
        map.put("lastStatus", hook.lastStatus());
        map.put("lastError", hook.lastError());
        map.put("delivered", hook.delivered());
        map.put("failed", hook.failed());
        map.put("queued", queued);
        return map;
    }
}
