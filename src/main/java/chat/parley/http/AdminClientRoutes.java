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
    private final boolean brokerHere;

    /**
     * @param brokerHere false on a web node ({@code broker-url}): the connections are the external broker's, which this
     *                   process cannot see, so both routes answer 501 {@code not_on_web_node}
     */
    AdminClientRoutes(ClientControl control, boolean brokerHere) {
        this.control = control;
        this.brokerHere = brokerHere;
    }

    private void requireBrokerHere() {
        if (!brokerHere) {
            throw new ApiException(501, "not_on_web_node", "this server is a web node (broker-url): the MQTT "
                    + "connections are the broker's; list, kick and ban them with the broker's own tools "
                    + "(docs/scale.md)");
        }
    }

    /** {@code GET /api/admin/clients}: every open connection, oldest first, with its subscriptions. */
    void list(Context ctx) throws Exception {
        requireBrokerHere();
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
        requireBrokerHere();
        String clientId = ctx.pathParam("id");
        Optional<Duration> ban = ban(ctx.queryParam("ban"));
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
