package chat.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The REST calls a web client makes, as {@code parley bench users} makes them: claim a name and sign in with its
 * secret ({@code auth: open}), then read rooms' history with the session token as a bearer token. One keep-alive
 * {@link HttpClient} on a few threads serves every simulated user of a process.
 */
final class UsersRest {

    /** A page of a room's history: the seqs in it and whether there is more after it. */
    record Page(long[] seqs, boolean hasMore) {

        long maxSeq() {
            long max = 0;
            for (long seq : seqs) {
                max = Math.max(max, seq);
            }
            return max;
        }
    }

    static final int LATEST_PAGE = 50;     // the web client's first page of a room (web/src/history.js PAGE)
    static final int CATCH_UP_PAGE = 200;  // and its catch-up after a reconnect (CATCH_UP_PAGE)
    private static final int ROOMS_PER_QUERY = 200; // the server's limit on ?rooms=
    /** A room's page answers 404 while nobody has written in it: an empty page, not a failure. */
    private static final int NOT_FOUND = 404;

    private final String base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param base the server's HTTP address, e.g. {@code http://127.0.0.1:8080} */
    UsersRest(String base, Executor executor) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** {@code POST /api/claim}: the new name's secret. */
    CompletableFuture<String> claim(String user) {
        return post("/api/claim", Map.of("user", user), 201).thenApply(body -> body.path("secret").asText());
    }

    /** {@code POST /api/login} with the claim's secret: the session token (also the MQTT password). */
    CompletableFuture<String> login(String user, String secret) {
        return post("/api/login", Map.of("user", user, "password", secret), 200)
                .thenApply(body -> body.path("token").asText());
    }

    /** The latest page of a room, as the web client loads it when it opens. */
    CompletableFuture<Page> latest(String room, String token) {
        return page(room, "?limit=" + LATEST_PAGE, token);
    }

    /** The messages after a seq, as the web client catches up after a reconnect. */
    CompletableFuture<Page> after(String room, long seq, String token) {
        return page(room, "?after=" + seq + "&limit=" + CATCH_UP_PAGE, token);
    }

    /** {@code GET /api/rooms?rooms=…}: each room's last seq (0 for a room without messages). */
    Map<String, Long> lastSeqs(List<String> rooms) {
        var last = new HashMap<String, Long>();
        for (int from = 0; from < rooms.size(); from += ROOMS_PER_QUERY) {
            last.putAll(lastSeqs(rooms.subList(from, Math.min(rooms.size(), from + ROOMS_PER_QUERY)), null).join());
        }
        return last;
    }

    /**
     * The same for at most {@value #ROOMS_PER_QUERY} rooms, as the web client asks before it loads pages (a room
     * without messages answers its page with 404, so it is not asked for).
     */
    CompletableFuture<Map<String, Long>> lastSeqs(List<String> rooms, String token) {
        return get("/api/rooms?rooms=" + String.join(",", rooms), token).thenApply(body -> {
            var last = new HashMap<String, Long>();
            rooms.forEach(room -> last.put(room, 0L));
            for (JsonNode room : body.path("rooms")) {
                last.put(room.path("room").asText(), room.path("lastSeq").asLong());
            }
            return last;
        });
    }

    /** {@code /api/info}: what the server tells its web clients (its topic {@code prefix}, {@code ws.url} …). */
    JsonNode info() {
        return get("/api/info", null).join();
    }

    private CompletableFuture<Page> page(String room, String query, String token) {
        return get("/api/rooms/" + room + "/messages" + query, token).thenApply(body -> {
            if (body == null) {
                return new Page(new long[0], false); // 404: the room has no messages (yet)
            }
            JsonNode messages = body.path("messages");
            long[] seqs = new long[messages.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = messages.get(i).path("seq").asLong();
            }
            return new Page(seqs, body.path("hasMore").asBoolean());
        });
    }

    private CompletableFuture<JsonNode> get(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build(), 200);
    }

    private CompletableFuture<JsonNode> post(String path, Map<String, String> body, int expected) {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            return send(request, expected);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<JsonNode> send(HttpRequest request, int expected) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() == NOT_FOUND && expected == 200 && "GET".equals(request.method())
                    && request.uri().getPath().endsWith("/messages")) {
                return null;
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": HTTP "
                        + response.statusCode() + " " + new String(response.body(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                return json.readTree(response.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(request.uri().getPath() + ": the answer is not JSON", e);
            }
        });
    }
}
