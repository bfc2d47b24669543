package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every authenticated connection, by client id, with its traffic counters. A session takeover replaces the entry;
 * the old connection's disconnect then leaves the new one in place.
 */
public final class ConnectedClients implements ClientLifecycleEventListener {

    private static final String SERIAL = "parley.connection.serial";

    private record Entry(long serial, ConnectedClient client) {
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    private volatile java.util.function.ToLongFunction<String> messagesOut = id -> 0;

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // listed once authenticated
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        ConnectionInformation connection = input.getConnectionInformation();
        String clientId = input.getClientInformation().getClientId();
        long serial = serials.incrementAndGet();
        connection.getConnectionAttributeStore().putAsString(SERIAL, Long.toString(serial));
        byId.put(clientId, new Entry(serial, new ConnectedClient(clientId,
                ClientIdentity.user(connection).orElse(null),
                connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null),
                version(connection.getMqttVersion()), transport(connection.getListener()),
                System.currentTimeMillis(), new AtomicLong(), new AtomicLong())));
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        String clientId = input.getClientInformation().getClientId();
        input.getConnectionInformation().getConnectionAttributeStore().getAsString(SERIAL).map(Long::parseLong)
                .ifPresent(serial -> byId.computeIfPresent(clientId, (id, e) -> e.serial() == serial ? null : e));
    }

    /** The open connections, oldest first. */
    public List<ConnectedClient> list() {
        var clients = new ArrayList<ConnectedClient>();
        byId.values().forEach(e -> clients.add(withOut(e.client())));
        clients.sort(Comparator.comparingLong(ConnectedClient::since).thenComparing(ConnectedClient::clientId));
        return clients;
    }

    /** The open connection with this client id, if there is one. */
    public Optional<ConnectedClient> get(String clientId) {
        return Optional.ofNullable(byId.get(clientId)).map(Entry::client).map(this::withOut);
    }

    /** Whether this user has at least one open connection (a scan: for rare questions, not per message). */
    boolean hasUser(String user) {
        return byId.values().stream().anyMatch(e -> user.equals(e.client().user()));
    }

    /** How many connections are open. */
    public int size() {
        return byId.size();
    }

    void countIn(String clientId) {
        Entry entry = byId.get(clientId);
        if (entry != null) {
            entry.client().messagesIn().incrementAndGet();
        }
    }

    /** Where the PUBLISH packets sent to each connection are counted. */
    void countOutWith(java.util.function.ToLongFunction<String> messagesOut) {
        this.messagesOut = messagesOut;
    }

    private ConnectedClient withOut(ConnectedClient c) {
        c.messagesOut().set(messagesOut.applyAsLong(c.clientId()));
        return c;
    }

    private static String version(MqttVersion version) {
        return switch (version) {
            case V_3_1 -> "3.1";
            case V_3_1_1 -> "3.1.1";
            case V_5 -> "5";
        };
    }

    private static String transport(Optional<Listener> listener) {
        return listener.map(l -> switch (l.getListenerType()) {
            case TCP_LISTENER -> "tcp";
            case TLS_TCP_LISTENER -> "tls";
            case WEBSOCKET_LISTENER -> "ws";
            case TLS_WEBSOCKET_LISTENER -> "wss";
        }).orElse("unknown");
    }
}
