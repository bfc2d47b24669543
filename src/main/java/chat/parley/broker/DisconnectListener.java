package chat.parley.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;

/** A lifecycle listener that only cares when a connection ends (for {@link ClientEvents}). */
@FunctionalInterface
interface DisconnectListener extends ClientLifecycleEventListener {

    @Override
    void onDisconnect(DisconnectEventInput input);

    @Override
    default void onMqttConnectionStart(ConnectionStartInput input) {
    }

    @Override
    default void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    }
}
