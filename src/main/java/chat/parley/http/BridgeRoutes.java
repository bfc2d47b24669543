package chat.parley.http;

import chat.parley.bridge.Bridge;
import chat.parley.bridge.BridgeLockUnavailableException;
import chat.parley.bridge.BridgeRunsElsewhereException;
import chat.parley.chat.Names;
import chat.parley.config.BridgeConfig;
import chat.parley.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's routes: {@code GET/PUT /api/admin/bridge} (status; enable, disable, change rooms at runtime) and the
 * public {@code GET /api/bridge?rooms=…}, which tells the web client which of the rooms it names are bridged, whether
 * the bridge is up, and where the other sites stand in those rooms (rooms are never listed wholesale: a random room's
 * id is its invite).
 */
final class BridgeRoutes {

    private static final int MAX_ROOMS = 100;
    private static final String BODY = "the body must be a JSON object like {\"enabled\":true,\"rooms\":[\"general\"]}";

    private final Bridge bridge;

    BridgeRoutes(Bridge bridge) {
        this.bridge = bridge;
    }

    /** {@code GET /api/admin/bridge}. */
    void status(Context ctx) {
        ctx.json(bridge.status());
    }

    /**
     * {@code PUT /api/admin/bridge} with {@code {"enabled":true,"rooms":["general"]}} (either field may be left out):
     * applies at once, until the next restart (the config file decides at start).
     */
    void update(Context ctx) {
        JsonNode body;
        try {
            body = ctx.bodyAsClass(JsonNode.class);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(BODY);
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(BODY);
        }
        Boolean enabled = null;
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                throw ApiException.badRequest("enabled must be true or false");
            }
            enabled = enabledNode.booleanValue();
        }
        List<String> rooms = null;
        JsonNode roomsNode = body.get("rooms");
        if (roomsNode != null && !roomsNode.isNull()) {
            rooms = roomList(roomsNode);
        }
        try {
            ctx.json(bridge.update(enabled, rooms));
        } catch (BridgeRunsElsewhereException e) {
            throw new ApiException(409, "bridge_elsewhere", e.getMessage());
        } catch (BridgeLockUnavailableException e) {
            throw new ApiException(503, "unavailable", e.getMessage());
        }
    }

    private static List<String> roomList(JsonNode node) {
        var rooms = new ArrayList<String>();
        if (node.isTextual()) {
            rooms.addAll(BridgeConfig.parseRooms(node.asText()));
        } else if (node.isArray()) {
            for (JsonNode room : node) {
                if (!room.isTextual()) {
                    throw ApiException.badRequest("rooms must be room ids, or \"*\" for every room");
                }
                rooms.add(room.asText().trim());
            }
        } else {
            throw ApiException.badRequest("rooms must be a list of room ids, or \"*\" for every room");
        }
        try {
            BridgeConfig.off().withRooms(rooms); // the same check as the config file's
        } catch (ConfigException e) {
            throw ApiException.badRequest(e.getMessage().replaceFirst("^bridge-rooms: ", ""));
        }
        return rooms;
    }

    /** {@code GET /api/bridge?rooms=a,b}: whether the bridge is on and up, and which of these rooms it bridges. */
    void rooms(Context ctx) {
        String param = ctx.queryParam("rooms");
        List<String> asked = param == null ? List.of() : BridgeConfig.parseRooms(param);
        if (asked.size() > MAX_ROOMS) {
            throw ApiException.badRequest("ask about at most " + MAX_ROOMS + " rooms at a time");
        }
        for (String room : asked) {
            if (!Names.isRoom(room)) {
                throw ApiException.badRequest("room id must match " + Names.ROOM.pattern() + ", got '" + room + "'");
            }
        }
        BridgeConfig config = bridge.config();
        var body = new LinkedHashMap<String, Object>(summary());
        List<String> bridged = asked.stream().filter(room -> config.enabled() && config.bridges(room)).toList();
        body.put("bridged", bridged);
        body.put("origins", bridge.origins(bridged::contains)); // gap repair: only about the rooms named
        ctx.json(body);
    }

    /** What {@code /api/info} says about the bridge: on or off, connected, this site's id. */
    Map<String, Object> summary() {
        var body = new LinkedHashMap<String, Object>();
        body.put("enabled", bridge.config().enabled());
        body.put("connected", bridge.connected());
        body.put("origin", bridge.origin());
        return body;
    }
}
