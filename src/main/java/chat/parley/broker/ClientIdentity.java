package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;

import java.util.Optional;

/** Where the extension keeps who a connection is, in HiveMQ's per-connection attribute store. */
final class ClientIdentity {

    private static final String USER = "parley.user";
    /** Set on a bot's connection: the rooms it may post to, comma-separated (empty: any). */
    private static final String BOT_ROOMS = "parley.bot-rooms";
    /** Set on a trusted web node's connection ({@link NodeTrust}). */
    private static final String NODE = "parley.node";

    private ClientIdentity() {
    }

    static void remember(ConnectionInformation connection, String user) {
        connection.getConnectionAttributeStore().putAsString(USER, user);
    }

    /** Marks the connection as a bot's (its messages are stamped {@code bot: true}) with its room limits. */
    static void rememberBot(ConnectionInformation connection, chat.parley.accounts.Bot bot) {
        connection.getConnectionAttributeStore().putAsString(BOT_ROOMS, String.join(",", bot.rooms()));
    }

    /** The room limits of a bot's connection (empty list: any room), or empty when a person (or nobody) connected. */
    static Optional<java.util.List<String>> botRooms(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(BOT_ROOMS)
                .map(rooms -> rooms.isEmpty() ? java.util.List.of() : java.util.List.of(rooms.split(",")));
    }

    /** Marks the connection as a trusted web node's. */
    static void rememberNode(ConnectionInformation connection) {
        connection.getConnectionAttributeStore().putAsString(NODE, "true");
    }

    /** Whether the connection is a trusted web node's. */
    static boolean isNode(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(NODE).isPresent();
    }

    /** The user this connection authenticated as, if it gave a username. */
    static Optional<String> user(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(USER);
    }
}
