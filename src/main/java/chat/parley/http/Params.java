package chat.parley.http;

import chat.parley.chat.Names;
import io.javalin.http.Context;

/** Reads and checks request parameters; a bad one is a 400 in the one error shape, naming the parameter. */
final class Params {

    private Params() {
    }

    /** The {@code {room}} path parameter: a room id or a DM key ({@code dm:a:b}); who may read it is checked apart. */
    static String room(Context ctx) {
        return requireRoom(ctx.pathParam("room"));
    }

    /** A room id or a DM key ({@code dm:a:b}, a &lt; b). */
    static String requireRoom(String room) {
        if (!Names.isRoomKey(room)) {
            throw ApiException.badRequest("room id must match " + Names.ROOM.pattern());
        }
        return room;
    }

    /**
     * A query parameter decoded as UTF-8 whatever the request's body charset (Javalin decodes the query with the
     * body's, ISO-8859-1 for a file's {@code Content-Type}), or {@code null}.
     */
    static String utf8Query(Context ctx, String name) {
        String query = ctx.queryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("a query parameter is not valid percent-encoding: '" + text + "'");
        }
    }

    /** An optional non-negative whole-number query parameter, or {@code null}. */
    static Long optionalSeq(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a message seq (a whole number, 0 or more), got '" + value + "'");
    }

    /** The {@code limit} query parameter, between 1 and {@code max}, default {@code fallback}. */
    static int limit(Context ctx, int fallback, int max) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + max + ", got '" + value + "'");
    }

    /** An optional text parameter; blank counts as absent. */
    /** At most this many rooms in one {@code ?rooms=} list. */
    static final int MAX_ROOMS = 200;

    /**
     * A comma-separated list of room ids and DM keys ({@code ?rooms=general,dm:alice:bob}), distinct; empty when
     * absent. Who may read each is the caller's business.
     */
    static java.util.List<String> roomList(Context ctx, String name) {
        String param = optionalText(ctx, name);
        if (param == null) {
            return java.util.List.of();
        }
        var names = java.util.Arrays.stream(param.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (names.size() > MAX_ROOMS) {
            throw ApiException.badRequest("at most " + MAX_ROOMS + " rooms at once, got " + names.size());
        }
        for (String room : names) {
            if (!chat.parley.chat.Names.isRoomKey(room)) {
                throw ApiException.badRequest("room id must match " + chat.parley.chat.Names.ROOM.pattern()
                        + " (or be a DM key dm:a:b), got '" + room + "'");
            }
        }
        return names;
    }

    static String optionalText(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
