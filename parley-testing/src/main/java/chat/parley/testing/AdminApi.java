package chat.parley.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Creates a test server's accounts through its admin API ({@code POST /api/admin/users}), with the JDK's client. */
final class AdminApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AdminApi() {
    }

    /** @throws ParleyStartException when the server refuses an account (the message quotes its answer) */
    static void addUsers(RunningParley server, Map<String, String> users) {
        if (users.isEmpty()) {
            return;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        users.forEach((user, password) -> {
            var request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/admin/users"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + server.adminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":" + jsonString(user) + ",\"password\":" + jsonString(password) + "}"))
                    .build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ParleyStartException("cannot create the account '" + user + "': " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ParleyStartException("interrupted while creating the account '" + user + "'", e);
            }
            if (response.statusCode() != 201) {
                throw new ParleyStartException("the Parley server refused the account '" + user + "': "
                        + response.statusCode() + " " + response.body());
            }
        });
    }

    static String jsonString(String text) {
        var json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
