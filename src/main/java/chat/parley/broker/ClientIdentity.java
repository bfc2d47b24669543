package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;

import java.util.Optional;

/** Where the extension keeps who a connection is, in HiveMQ's per-connection attribute store. */
final class ClientIdentity {

    private static final String USER = "parley.user";

    private ClientIdentity() {
    }

    static void remember(ConnectionInformation connection, String user) {
        connection.getConnectionAttributeStore().putAsString(USER, user);
    }

    /** The user this connection authenticated as, if it gave a username. */
    static Optional<String> user(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(USER);
    }
}
