package chat.parley.http;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.Bot;
import chat.parley.broker.ClientControl;
import chat.parley.chat.Names;
import chat.parley.hooks.Hooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin's bots: {@code /api/admin/bots}. A new bot's token, and a rotated one, is in the answer once and never
 * again. Revoking or removing a bot also closes its MQTT connections; removing it removes its webhooks too.
 */
final class BotRoutes {

    private static final Logger log = LoggerFactory.getLogger(BotRoutes.class);
    private static final String SHAPE = "{\"name\":\"ci\",\"rooms\":[\"builds\"]}";

    private final Accounts accounts;
    private final Hooks hooks;
    private final ClientControl clients;
    private final ObjectMapper json;

    BotRoutes(Accounts accounts, Hooks hooks, ClientControl clients, ObjectMapper json) {
        this.accounts = accounts;
        this.hooks = hooks;
        this.clients = clients;
        this.json = json;
    }

    /** {@code GET /api/admin/bots}: name, room limits, creation time and whether it has a token; never a token. */
    void list(Context ctx) {
        var bots = accounts.bots().list().stream().map(BotRoutes::describe).toList();
        ctx.json(Map.of("bots", bots));
    }

    /** {@code POST /api/admin/bots} {@code {"name","rooms"}}: 201 with the token, shown this once. */
    void create(Context ctx) {
        var body = JsonBody.of(ctx, json, SHAPE);
        String name = requireName(body.text("name"));
        List<String> rooms = rooms(body.node().get("rooms"));
        String problem = accounts.botNameProblem(name);
        if (problem != null) {
            throw new ApiException(409, "name_taken", problem + ": a bot needs a name of its own");
        }
        String token = accounts.bots().create(name, rooms).orElseThrow(() ->
                new ApiException(409, "name_taken", "there is already a bot named '" + name + "'"));
        log.info("admin made the bot '{}' (rooms: {})", name, rooms.isEmpty() ? "any" : String.join(", ", rooms));
        var answer = describe(accounts.bots().find(name).orElseThrow());
        answer.put("token", token);
        ctx.status(201).json(answer);
    }

    /** {@code POST /api/admin/bots/{bot}/token}: a new token; the old one stops working at once. */
    void rotate(Context ctx) {
        String name = requireName(ctx.pathParam("bot"));
        String token = accounts.bots().rotate(name).orElseThrow(() -> noSuchBot(name));
        disconnect(name);
        log.info("admin rotated the token of the bot '{}'", name);
        ctx.json(Map.of("name", name, "token", token));
    }

    /** {@code DELETE /api/admin/bots/{bot}/token}: the bot keeps its name, history and webhooks, but no token. */
    void revoke(Context ctx) {
        String name = requireName(ctx.pathParam("bot"));
        if (!accounts.bots().revoke(name)) {
            throw noSuchBot(name);
        }
        disconnect(name);
        log.info("admin revoked the token of the bot '{}'", name);
        ctx.status(204);
    }

    /** {@code DELETE /api/admin/bots/{bot}}: the bot, its token and its webhooks go; its messages stay. */
    void remove(Context ctx) {
        String name = requireName(ctx.pathParam("bot"));
        if (!accounts.bots().remove(name)) {
            throw noSuchBot(name);
        }
        hooks.removeBot(name);
        disconnect(name);
        log.info("admin removed the bot '{}'", name);
        ctx.status(204);
    }

    /** A token that changed must not live on in a connection made with it. */
    private void disconnect(String name) {
        clients.disconnectUser(name); // on a web node, in the broker (a node command)
    }

    static Map<String, Object> describe(Bot bot) {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", bot.name());
        map.put("rooms", bot.rooms());
        map.put("created", bot.created());
        map.put("hasToken", bot.hasToken());
        return map;
    }

    private static String requireName(String name) {
        if (!Names.isUser(name)) {
            throw ApiException.badRequest("a bot's name must match " + Names.USER.pattern() + ", got '" + name + "'");
        }
        return name;
    }

    /** The room limits: absent or empty for any room. */
    static List<String> rooms(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("rooms must be a list of room ids, as in " + SHAPE);
        }
        var rooms = new ArrayList<String>();
        node.forEach(room -> rooms.add(room.asText()));
        try {
            return Bot.requireRooms(rooms);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static ApiException noSuchBot(String name) {
        return ApiException.notFound("there is no bot named '" + name + "'");
    }
}
