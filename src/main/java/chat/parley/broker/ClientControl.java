package chat.parley.broker;

import chat.parley.chat.AdminRemoval;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the admin API does to MQTT connections: list them, look at their subscriptions, disconnect and ban. On a web
 * node the connections are the external broker's: disconnecting and banning are sent to its extension as node
 * commands ({@link #relayThrough}), and listing is not possible.
 */
public final class ClientControl {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientControl.class);

    private final ConnectedClients clients;
    private final Bans bans;
    private volatile ServerPublisher relay;
    private volatile String relayTopic;

    ClientControl(ConnectedClients clients, Bans bans) {
        this.clients = clients;
        this.bans = bans;
    }

    /** Sends disconnects and bans to the external broker over {@code out}, on {@code topic} (a web node). */
    void relayThrough(ServerPublisher out, String topic) {
        this.relayTopic = topic;
        this.relay = out;
    }

    /** Whether the connections are in this process (false on a web node: they are the external broker's). */
    public boolean local() {
        return relay == null;
    }

    /**
     * Disconnects every connection of this user (after their account, password or token changed), here or, on a web
     * node, in the external broker.
     */
    public void disconnectUser(String user) {
        if (relay != null) {
            send(JsonNodeFactory.instance.objectNode().put("command", "disconnect-user").put("user", user));
            return;
        }
        clients.list().stream().filter(client -> user.equals(client.user()))
                .forEach(client -> kick(client.clientId(), Optional.empty()));
    }

    /** On a web node: asks the external broker to {@link #kick} this client. */
    public void kickElsewhere(String clientId, Optional<Duration> ban) {
        var command = JsonNodeFactory.instance.objectNode().put("command", "kick").put("clientId", clientId);
        ban.ifPresent(d -> command.put("banSeconds", d.toSeconds()));
        send(command);
    }

    private void send(com.fasterxml.jackson.databind.node.ObjectNode command) {
        relay.publish(relayTopic, command.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    /** Runs a command a trusted web node sent (see {@link NodePublishes}); an unknown one is logged and ignored. */
    void run(JsonNode command) {
        switch (command.path("command").asText()) {
            case "disconnect-user" -> disconnectUser(command.path("user").asText());
            case "kick" -> {
                long seconds = command.path("banSeconds").asLong(0);
                kick(command.path("clientId").asText(), seconds > 0 ? Optional.of(Duration.ofSeconds(seconds))
                        : Optional.empty());
            }
            default -> log.warn("a web node sent an unknown command: {}", command.path("command").asText());
        }
    }

    /** The open connections, oldest first. */
    public List<ConnectedClient> list() {
        return clients.list();
    }

    /** Whether this user has an open MQTT connection (an app, a terminal client, a bot), checked now. */
    public boolean isConnected(String user) {
        return clients.hasUser(user);
    }

    /** How many connections are open. */
    public int connections() {
        return clients.size();
    }

    /** The topic filters a client is subscribed to, sorted. */
    public CompletableFuture<List<String>> subscriptions(String clientId) {
        return Services.subscriptionStore().getSubscriptions(clientId)
                .thenApply(subs -> subs.stream().map(TopicSubscription::getTopicFilter).sorted().toList());
    }

    /**
     * Disconnects a client (MQTT 5: DISCONNECT 0x98 Administrative action) and, with a ban, refuses it and its user
     * at CONNECT (0x8A Banned) until the ban ends. The reason string says which, and until when
     * ({@link AdminRemoval}).
     *
     * @param ban how long to refuse it, or empty to let it reconnect at once
     * @return whether the client was connected
     */
    public boolean kick(String clientId, Optional<Duration> ban) {
        Optional<ConnectedClient> client = clients.get(clientId);
        if (client.isEmpty()) {
            return false;
        }
        // the ban first, so a client that reconnects at once is already refused
        String reason = ban.map(d -> AdminRemoval.banned(bans.ban(clientId, client.get().user(), d)))
                .orElse(AdminRemoval.KICKED);
        return Services.clientService().disconnectClient(clientId, false, DisconnectReasonCode.ADMINISTRATIVE_ACTION,
                reason).join();
    }
}
