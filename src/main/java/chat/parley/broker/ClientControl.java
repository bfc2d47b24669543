package chat.parley.broker;

import chat.parley.chat.AdminRemoval;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the admin API does to MQTT connections: list them, look at their subscriptions, disconnect and ban. */
public final class ClientControl {

    private final ConnectedClients clients;
    private final Bans bans;

    ClientControl(ConnectedClients clients, Bans bans) {
        this.clients = clients;
        this.bans = bans;
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
