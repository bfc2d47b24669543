package chat.parley.broker;

import chat.parley.chat.Names;
import chat.parley.chat.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes each signed-in user's presence, retained, on {@code {prefix}/presence/{user}}: {@code online} when their
 * first connection opens, {@code offline} when their last one closes. Connections are counted one by one (not by
 * client id), so a session takeover never flips a user offline.
 */
final class PresenceTracker implements ClientLifecycleEventListener {

    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);
    private static final String CONNECTION = "parley.connection";

    private final Topics topics;
    private final ObjectMapper json;
    private final Map<String, Set<String>> connectionsByUser = new HashMap<>();

    PresenceTracker(Topics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // presence starts once the connection is authenticated
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        ConnectionInformation connection = input.getConnectionInformation();
        String user = ClientIdentity.user(connection).orElse(null);
        if (!Names.isUser(user)) {
            return; // anonymous tools and names outside the user syntax have no presence
        }
        String token = UUID.randomUUID().toString();
        connection.getConnectionAttributeStore().putAsString(CONNECTION, token);
        boolean first;
        synchronized (connectionsByUser) {
            Set<String> connections = connectionsByUser.computeIfAbsent(user, u -> new HashSet<>());
            first = connections.isEmpty();
            connections.add(token);
        }
        if (first) {
            publish(user, "online");
        }
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        ConnectionInformation connection = input.getConnectionInformation();
        String user = ClientIdentity.user(connection).orElse(null);
        String token = connection.getConnectionAttributeStore().getAsString(CONNECTION).orElse(null);
        if (user == null || token == null) {
            return;
        }
        boolean last;
        synchronized (connectionsByUser) {
            Set<String> connections = connectionsByUser.get(user);
            if (connections == null || !connections.remove(token)) {
                return;
            }
            last = connections.isEmpty();
            if (last) {
                connectionsByUser.remove(user);
            }
        }
        if (last) {
            publish(user, "offline");
        }
    }

    /** The token of a signed-in user's connection, set when it authenticated; empty for anonymous ones. */
    static java.util.Optional<String> connectionToken(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(CONNECTION);
    }

    /** Users with at least one open connection. */
    Set<String> online() {
        synchronized (connectionsByUser) {
            return Set.copyOf(connectionsByUser.keySet());
        }
    }

    private void publish(String user, String status) {
        var body = new LinkedHashMap<String, Object>();
        body.put("user", user);
        body.put("status", status);
        body.put("since", System.currentTimeMillis());
        try {
            Services.publishService().publish(Builders.publish()
                    .topic(topics.presence(user))
                    .qos(Qos.AT_LEAST_ONCE)
                    .retain(true)
                    .contentType("application/json")
                    .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
                    .payload(ByteBuffer.wrap(json.writeValueAsBytes(body)))
                    .build());
        } catch (Exception e) {
            log.warn("could not publish presence of {}: {}", user, e.toString());
        }
    }
}
