package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.Bot;
import chat.parley.chat.Names;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import chat.parley.hooks.Hooks;
import chat.parley.hooks.IncomingHooks;
import chat.parley.hooks.Poster;
import chat.parley.hooks.SlackMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Incoming webhooks. The admin makes one for a room ({@code POST /api/admin/hooks}) and gets its URL once;
 * {@code POST /hooks/{token}} then takes Slack's and Mattermost's incoming-webhook JSON ({@link SlackMessage}), as a
 * JSON body or as Slack's form field {@code payload}, and posts its text into the room as the hook's bot. It answers
 * {@code ok} as Slack does (Grafana checks for exactly that). Text over {@code max-text-chars} is cut, not refused:
 * an alert that is too long is still worth reading.
 */
final class HookRoutes {

    /** The bot a hook posts as when the admin names none. */
    static final String DEFAULT_BOT = "webhook";

    private static final Logger log = LoggerFactory.getLogger(HookRoutes.class);
    private static final String SHAPE = "{\"room\":\"alerts\",\"bot\":\"alertmanager\"}";

    private final Hooks hooks;
    private final Accounts accounts;
    private final ObjectMapper json;
    private final int maxTextChars;
    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes the largest body taken: Slack JSON says more than its text (attachments, colours, links),
     *                     so four times {@code max-payload-bytes}
     */
    HookRoutes(Hooks hooks, Accounts accounts, ObjectMapper json, int maxTextChars, int maxBodyBytes) {
        this.hooks = hooks;
        this.accounts = accounts;
        this.json = json;
        this.maxTextChars = maxTextChars;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code GET /api/admin/hooks}: id, room, bot and creation time of each; never a URL (only its hash is kept). */
    void list(Context ctx) {
        ctx.json(Map.of("hooks", hooks.incoming().list()));
    }

    /** {@code POST /api/admin/hooks} {@code {"room","bot"}}: 201 with the URL, shown this once. */
    void create(Context ctx) {
        var body = JsonBody.of(ctx, json, SHAPE);
        String room = body.text("room");
        if (!Names.isRoom(room)) {
            throw ApiException.badRequest("room must match " + Names.ROOM.pattern());
        }
        String name = body.optionalText("bot", DEFAULT_BOT);
        if (!Names.isUser(name)) {
            throw ApiException.badRequest("bot must match " + Names.USER.pattern());
        }
        Optional<Bot> existing = accounts.bots().find(name);
        if (existing.isEmpty() && accounts.botNameProblem(name) != null) {
            throw new ApiException(409, "name_taken", accounts.botNameProblem(name) + ": name another bot");
        }
        Bot bot = existing.orElseGet(() -> accounts.bots().ensure(name, java.util.List.of()));
        String refusal = Optional.ofNullable(bot.limitRefusal(room))
                .or(() -> accounts.rooms().refusal(room, Optional.of(name))).orElse(null);
        if (refusal != null) {
            throw ApiException.badRequest(refusal);
        }
        IncomingHooks.Created created = hooks.incoming().create(room, name);
        log.info("admin made incoming webhook {} for room '{}' (bot '{}')", created.hook().id(), room, name);
        var answer = new LinkedHashMap<String, Object>();
        answer.put("id", created.hook().id());
        answer.put("room", room);
        answer.put("bot", name);
        answer.put("url", ctx.scheme() + "://" + ctx.host() + "/hooks/" + created.token());
        ctx.status(201).json(answer);
    }

    /** {@code DELETE /api/admin/hooks/{id}}: the URL stops working at once. */
    void remove(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id must be a webhook's number");
        }
        if (!hooks.incoming().remove(id)) {
            throw ApiException.notFound("there is no incoming webhook " + id);
        }
        log.info("admin removed incoming webhook {}", id);
        ctx.status(204);
    }

    /** {@code POST /hooks/{token}}: Slack- or Mattermost-shaped JSON, posted into the hook's room as its bot. */
    void receive(Context ctx) {
        IncomingHooks.Hook hook = Caller.of(ctx).hook().orElseThrow();
        try {
            hooks.poster().requireSize(ctx.contentLength(), maxBodyBytes, "hook-" + hook.id(), hook.room());
        } catch (RefusedException e) {
            throw PostAnswers.refusal(e);
        }
        String text;
        try {
            text = cut(SlackMessage.text(json.readTree(payload(ctx))));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body must be JSON like {\"text\":\"hello\"} (or a form field payload "
                    + "holding it): " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Bot bot = accounts.bots().find(hook.bot()).orElseThrow(() -> ApiException.notFound("no such webhook"));
        String refusal = Optional.ofNullable(bot.limitRefusal(hook.room()))
                .or(() -> accounts.rooms().refusal(hook.room(), Optional.of(bot.name()))).orElse(null);
        if (refusal != null) {
            throw new ApiException(403, "forbidden", refusal);
        }
        var stamp = new Stamp(bot.name(), "hook-" + hook.id(), System.currentTimeMillis(), true);
        try {
            PostAnswers.stored(hooks.poster().post("hook:" + hook.id(), hook.room(), Poster.Content.Text.of(text),
                    stamp));
        } catch (RefusedException e) {
            throw PostAnswers.refusal(e);
        } catch (Poster.RateLimited e) {
            throw PostAnswers.rateLimited(ctx, e);
        }
        // Slack's answer, exactly: Grafana reads a text/html "ok" as success and anything else as a failure.
        ctx.contentType("text/html; charset=utf-8").result("ok");
    }

    /** The JSON: the body, or Slack's form field {@code payload}. */
    private static String payload(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            String payload = ctx.formParam("payload");
            if (payload == null) {
                throw ApiException.badRequest("a form body needs the field payload holding the JSON");
            }
            return payload;
        }
        return ctx.body();
    }

    /** The text, cut to {@code max-text-chars} characters (code points) with a mark when it was longer. */
    private String cut(String text) {
        if (text.codePointCount(0, text.length()) <= maxTextChars) {
            return text;
        }
        String mark = "… (cut)";
        int keep = Math.max(1, maxTextChars - mark.length());
        return text.substring(0, text.offsetByCodePoints(0, keep)) + mark;
    }
}
