package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Parley server's REST API, as the terminal client uses it (java.net.http, JSON by Jackson). */
final class ServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;
    private volatile String session;

    ServerApi(URI base) {
        this(base, null);
    }

    /** @param trust the CAs an https server must chain to, or {@code null} for the JVM's defaults */
    ServerApi(URI base, javax.net.ssl.TrustManagerFactory trust) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(CaFile.context(trust)).build();
    }

    /** A server address without a trailing slash, as it is written in the secrets file. */
    static String normalize(URI server) {
        String s = server.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A page of history. */
    record Page(List<JsonNode> messages, boolean hasMore) {
    }

    /** {@code GET /api/info}. */
    ServerInfo info() {
        return ServerInfo.from(get("/api/info"), "https".equalsIgnoreCase(base.getScheme()));
    }

    /** {@code POST /api/claim}: the secret, or empty when the name is already claimed. */
    Optional<String> claim(String user) {
        var body = JSON.createObjectNode().put("user", user).toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/claim"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() == 409) {
            return Optional.empty();
        }
        return Optional.of(check(response).path("secret").asText());
    }

    /**
     * {@code POST /api/login}: signs in (an account's password, or a claimed name's secret); later requests carry the
     * session, which is returned (it also serves as the MQTT password).
     */
    String login(String user, String password) {
        var body = JSON.createObjectNode().put("user", user).put("password", password).toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        session = check(response).path("token").asText();
        return session;
    }

    /** How long an upload or a download may take (25 MB over a slow Wi-Fi). */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    /**
     * {@code POST /api/rooms/{room}/files}: uploads a file as the request body, streamed from disk; answers the
     * {@code type:"file"} envelope to publish.
     */
    JsonNode upload(String room, Path file) {
        String type;
        try {
            type = java.nio.file.Files.probeContentType(file);
        } catch (IOException e) {
            type = null;
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri("/api/rooms/" + room + "/files?name="
                            + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                    .header("Content-Type", type == null ? "application/octet-stream" : type)
                    .POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new CliException("no file " + file);
        }
        return check(send(request, TRANSFER_TIMEOUT));
    }

    /** {@code POST /api/rooms/{room}/files?encrypted=true}: uploads a file sealed with the room key (no name). */
    JsonNode uploadSealed(String room, byte[] sealed) {
        return check(send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/files?encrypted=true"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sealed)), TRANSFER_TIMEOUT));
    }

    /**
     * {@code GET /api/files/{id}} into {@code target}, streamed to disk (a partial file is removed).
     *
     * @return the bytes written
     */
    long download(String id, Path target) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri("/api/files/" + id)).GET())
                .timeout(TRANSFER_TIMEOUT).build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                String body = java.nio.file.Files.readString(target);
                java.nio.file.Files.deleteIfExists(target);
                JsonNode error = JSON.readTree(body);
                throw new CliException("the server answered " + response.statusCode() + ": "
                        + error.path("message").asText("HTTP " + response.statusCode()));
            }
            return java.nio.file.Files.size(target);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new CliException("the download broke off: " + e.getMessage());
        } catch (InterruptedException e) {
            deleteQuietly(target);
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do about a partial file
        }
    }

    /** {@code GET /api/rooms/{room}/meta}: {@code encrypted} and, when it is, the KDF. */
    JsonNode roomMeta(String room) {
        return get("/api/rooms/" + room + "/meta");
    }

    /**
     * {@code POST /api/rooms/{room}/meta}: makes a room end-to-end encrypted, with the key's check value; answers the
     * room's meta (someone else's when they were first).
     */
    JsonNode createRoomMeta(String room, chat.parley.e2e.KdfParams kdf, String check) {
        var body = JSON.createObjectNode().put("encrypted", true);
        body.putObject("kdf").put("name", "scrypt").put("N", kdf.n()).put("r", kdf.r()).put("p", kdf.p())
                .put("salt", kdf.saltText());
        body.put("check", check);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/meta"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() == 409 && response.body().contains("already_encrypted")) {
            return roomMeta(room); // someone else was first: use theirs
        }
        return check(response);
    }

    /**
     * {@code PUT /api/rooms/{room}/meta/check}: gives a room encrypted before key check values the check value of the
     * key that opened its messages. False when the server kept another one or does not know the route.
     */
    boolean addKeyCheck(String room, String check) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/meta/check"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("check", check).toString())));
        return response.statusCode() == 200;
    }

    /** {@code POST /api/private-rooms}: makes a room private with this user as its first member; its members. */
    JsonNode createPrivateRoom(String room) {
        return post("/api/private-rooms", JSON.createObjectNode().put("room", room));
    }

    /** {@code POST /api/private-rooms/{room}/members}: a member invites {@code user}; the members after it. */
    JsonNode invite(String room, String user) {
        return post("/api/private-rooms/" + room + "/members", JSON.createObjectNode().put("user", user));
    }

    /** {@code GET /api/private-rooms}: the private rooms this user is a member of, with their members. */
    JsonNode privateRooms() {
        return get("/api/private-rooms");
    }

    /** {@code PUT /api/rooms/{room}/name}: names a room for everyone in it ({@code null}: no name); the name now. */
    JsonNode setRoomName(String room, String name) {
        var body = JSON.createObjectNode().put("name", name);
        return check(send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/name"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString()))));
    }

    /**
     * {@code DELETE /api/private-rooms/{room}/members/{user}}: leaves a private room, or (its owner) removes
     * {@code user} from it.
     */
    void leave(String room, String user) {
        check204(send(HttpRequest.newBuilder(uri("/api/private-rooms/" + room + "/members/" + user)).DELETE()));
    }

    private JsonNode post(String path, JsonNode body) {
        return check(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
    }

    private void check204(HttpResponse<String> response) {
        if (response.statusCode() != 204) {
            check(response);
        }
    }

    /** The earliest messages after {@code seq}, ascending. */
    Page after(String room, long seq, int limit) {
        return page(room, "after=" + seq + "&limit=" + limit);
    }

    /** The latest {@code limit} messages, ascending. */
    Page latest(String room, int limit) {
        return page(room, "limit=" + limit);
    }

    /** {@code GET /api/rooms?rooms=…}: one summary per named room that has messages. */
    List<JsonNode> rooms(List<String> names) {
        var out = new ArrayList<JsonNode>();
        get("/api/rooms?rooms=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8))
                .path("rooms").forEach(out::add);
        return out;
    }

    private Page page(String room, String query) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/messages?" + query))
                .GET());
        if (response.statusCode() == 404) {
            return new Page(List.of(), false); // a room nobody has written in yet
        }
        JsonNode body = check(response);
        var messages = new ArrayList<JsonNode>();
        body.path("messages").forEach(messages::add);
        return new Page(messages, body.path("hasMore").asBoolean(false));
    }

    private JsonNode get(String path) {
        return check(send(HttpRequest.newBuilder(uri(path)).GET()));
    }

    private URI uri(String path) {
        return URI.create(normalize(base) + path);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        if (session != null) {
            request.header("Authorization", "Bearer " + session);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
        authorized(request);
        try {
            return http.send(request.timeout(timeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Parley server at " + normalize(base) + " (connection refused)");
        } catch (HttpTimeoutException e) {
            throw new CliException("the Parley server at " + normalize(base) + " did not answer in time");
        } catch (IOException e) {
            throw new CliException("cannot reach the Parley server at " + normalize(base) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private JsonNode check(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() >= 400) {
            String message = body != null && body.hasNonNull("message") ? body.get("message").asText()
                    : "HTTP " + response.statusCode();
            throw new CliException("the server answered " + response.statusCode() + ": " + message);
        }
        if (body == null || !body.isObject()) {
            throw new CliException(normalize(base) + response.request().uri().getPath()
                    + " did not answer with JSON: is this a Parley server?");
        }
        return body;
    }
}
