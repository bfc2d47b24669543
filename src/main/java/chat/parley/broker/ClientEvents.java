package chat.parley.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;

import java.util.List;

/** HiveMQ takes one lifecycle listener per extension: this one hands every event to each of Parley's, in order. */
final class ClientEvents implements ClientLifecycleEventListener {

    private final List<ClientLifecycleEventListener> listeners;

    ClientEvents(ClientLifecycleEventListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        listeners.forEach(l -> l.onMqttConnectionStart(input));
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        listeners.forEach(l -> l.onAuthenticationSuccessful(input));
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        listeners.forEach(l -> l.onDisconnect(input));
    }
}
