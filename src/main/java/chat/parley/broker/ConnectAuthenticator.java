package chat.parley.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;

/**
 * Accepts every connection and remembers its MQTT username as the user that chat messages are stamped with.
 * (Claims and accounts, which can refuse a connection, build on this.)
 */
final class ConnectAuthenticator implements SimpleAuthenticator {

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        input.getConnectPacket().getUserName()
                .filter(name -> !name.isBlank())
                .ifPresent(name -> ClientIdentity.remember(input.getConnectionInformation(), name));
        output.authenticateSuccessfully();
    }
}
