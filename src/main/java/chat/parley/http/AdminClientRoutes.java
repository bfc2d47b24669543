package chat.parley.http;

import chat.parley.broker.ClientControl;
import chat.parley.broker.ConnectedClient;
import chat.parley.config.Durations;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code /api/admin/clients}: the open MQTT connections, and disconnecting (and banning) one. */
final class AdminClientRoutes {

    private static final Duration LONGEST_BAN = Duration.ofDays(365);

    private final ClientControl control;

    /**
     * @param control the connections; on a web node ({@code broker-url}) they are the external broker's, which this
     *                process cannot list (501 {@code not_on_web_node}), and a kick is sent to the broker (202)
     */
    AdminClientRoutes(ClientControl control) {
        this.control = control;
    }

    /** {@code GET /api/admin/clients}: every open connection, oldest first, with its subscriptions. */
    void list(Context ctx) throws Exception {
        if (!control.local()) {
            throw new ApiException(501, "not_on_web_node", "this server is a web node (broker-url): the MQTT "
                    + "connections are the broker's and cannot be listed here; a kick by client id is sent to the "
                    + "broker (docs/scale.md)");
        }
        List<ConnectedClient> clients = control.list();
        var subscriptions = new ArrayList<CompletableFuture<List<String>>>();
        clients.forEach(c -> subscriptions.add(control.subscriptions(c.clientId())));
        var body = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < clients.size(); i++) {
            ConnectedClient c = clients.get(i);
            var row = new LinkedHashMap<String, Object>();
            row.put("clientId", c.clientId());
            row.put("user", c.user());
            row.put("address", c.address());
            row.put("protocolVersion", c.protocolVersion());
            row.put("transport", c.transport());
            row.put("connectedSince", c.since());
            row.put("subscriptions", subscriptions.get(i).get(5, TimeUnit.SECONDS));
            row.put("messagesIn", c.messagesIn().get());
            row.put("messagesOut", c.messagesOut().get());
            body.add(row);
        }
        ctx.json(Map.of("clients", body));
    }

    /** {@code DELETE /api/admin/clients/{id}?ban=10m}: disconnects it; with {@code ban}, refuses it that long. */
    void kick(Context ctx) {
        String clientId = ctx.pathParam("id");
        Optional<Duration> ban = ban(ctx.queryParam("ban"));
        if (!control.local()) { // the broker's extension kicks (and bans) it if it is connected there
            control.kickElsewhere(clientId, ban);
            ctx.status(202).json(Map.of("clientId", clientId, "sentTo", "broker"));
            return;
        }
        if (!control.kick(clientId, ban)) {
            throw ApiException.notFound("no client with id '" + clientId + "' is connected");
        }
        ctx.status(204);
    }

    private static Optional<Duration> ban(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("ban " + e.getMessage() + ", got '" + value + "'");
        }
        if (duration.isZero() || duration.compareTo(LONGEST_BAN) > 0) {
            throw ApiException.badRequest("ban must be longer than 0 and at most 365d, got '" + value + "'");
        }
        return Optional.of(duration);
    }
}
