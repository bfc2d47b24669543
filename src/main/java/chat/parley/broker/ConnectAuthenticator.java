package chat.parley.broker;

import chat.parley.accounts.Accounts;
import chat.parley.chat.AdminRemoval;
import chat.parley.chat.Refusal;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decides who a connection is. {@code auth: open}: a claimed name must present its secret as the password; an
 * unclaimed name is accepted as it is, so generic MQTT tools keep working. {@code auth: accounts}: every name needs
 * its account's password. Either way a live web session token of the user also serves as the password; a bot's name
 * needs the bot's token (and its connection is marked as a bot's). Connections
 * without a username are accepted when {@code anonymous} is on. Repeated failures for one address or name are slowed
 * down (CONNACK 0x9F). An address at {@code max-connections-per-ip} is refused (CONNACK 0x97). A client id whose
 * session belongs to another identity is refused (CONNACK 0x85, see {@link SessionOwners}). The accepted username is
 * what chat messages are stamped with. A Parley web node proves itself with the node secret ({@link NodeTrust}).
 */
final class ConnectAuthenticator implements SimpleAuthenticator {

    private final Accounts accounts;
    private final Bans bans;
    private final RefusalCounter refusals;
    private final Counter refused;
    private final ConnectionLimit connectionLimit;
    private final SessionOwners owners;
    private final NodeTrust nodes;

    ConnectAuthenticator(Accounts accounts, Bans bans, RefusalCounter refusals, MeterRegistry registry,
                         ConnectionLimit connectionLimit, SessionOwners owners, NodeTrust nodes) {
        this.nodes = nodes;
        this.connectionLimit = connectionLimit;
        this.owners = owners;
        this.accounts = accounts;
        this.bans = bans;
        this.refusals = refusals;
        this.refused = Counter.builder("parley.auth.refused")
                .description("Connections refused: a name without its secret or password, or anonymous when off")
                .register(registry);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        var connect = input.getConnectPacket();
        String user = connect.getUserName().filter(name -> !name.isBlank()).orElse(null);
        String clientId = input.getClientInformation().getClientId();
        if (NodeTrust.claimsNode(user)) {
            authenticateNode(input, output);
            return;
        }
        if (clientId.startsWith(chat.parley.config.WebNodeSettings.NODE_CLIENT_PREFIX)) {
            // taking over a node's client id would disconnect the node (MQTT lets the newer connection win)
            String why = "client ids starting with " + chat.parley.config.WebNodeSettings.NODE_CLIENT_PREFIX
                    + " are Parley web nodes': choose another client id";
            refusals.refused(Refusal.SESSION_OWNED, clientId, "CONNECT", why);
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, why);
            return;
        }
        var banned = bans.bannedUntil(clientId, user);
        if (banned.isPresent()) {
            String why = AdminRemoval.banned(banned.get());
            refusals.refused(Refusal.BANNED, clientId, "CONNECT", why);
            output.getOutboundUserProperties().addUserProperty(AdminRemoval.BANNED_UNTIL_PROPERTY,
                    AdminRemoval.roundUp(banned.get()).toString());
            output.failAuthentication(ConnackReasonCode.BANNED, why);
            return;
        }
        if (user == null) {
            if (!accounts.access().anonymous()) {
                refused.increment();
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                        "anonymous connections are off on this server: connect with a username");
                return;
            }
        } else if (accounts.needsSecret(user)) {
            String address = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress())
                    .orElse("unknown");
            var wait = accounts.limiter().waitBefore(address, user);
            if (wait.isPresent()) {
                refused.increment();
                output.failAuthentication(ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "too many failed sign-ins: "
                        + "try again in " + Math.max(1, wait.get().toSeconds()) + " s");
                return;
            }
            if (!accounts.proves(user, connect.getPassword().map(ConnectAuthenticator::utf8).orElse(null))) {
                accounts.limiter().failed(address, user);
                refused.increment();
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        accounts.mode() == chat.parley.config.AuthMode.ACCOUNTS
                                ? "wrong user name or password"
                                : "the name '" + user + "' is claimed: connect with its secret as the password");
                return;
            }
            accounts.limiter().succeeded(user);
        }
        if (!connectionLimit.admit(input.getConnectionInformation())) {
            String why = "too many connections from this address (max-connections-per-ip: " + connectionLimit.max()
                    + ")";
            refusals.refused(Refusal.CONNECTION_LIMIT, clientId, "CONNECT", why);
            output.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, why);
            return;
        }
        var attributes = input.getConnectionInformation().getConnectionAttributeStore();
        var taken = owners.claim(clientId, java.util.Optional.ofNullable(user), connect.getCleanStart(),
                connect.getSessionExpiryInterval(), attributes);
        if (taken.isPresent()) {
            // the address's connection slot is given back by the disconnect that follows the refusal
            refusals.refused(Refusal.SESSION_OWNED, clientId, "CONNECT", taken.get());
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, taken.get());
            return;
        }
        if (user != null) {
            ClientIdentity.remember(input.getConnectionInformation(), user);
            accounts.bots().find(user).ifPresent(bot -> ClientIdentity.rememberBot(input.getConnectionInformation(),
                    bot));
        }
        output.authenticateSuccessfully();
    }

    /** A web node: its secret, or refused like a wrong password (and slowed down the same way). */
    private void authenticateNode(SimpleAuthInput input, SimpleAuthOutput output) {
        String address = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress())
                .orElse("unknown");
        String user = chat.parley.config.WebNodeSettings.NODE_USER;
        var wait = accounts.limiter().waitBefore(address, user);
        if (wait.isPresent()) {
            refused.increment();
            output.failAuthentication(ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "too many failed sign-ins: try "
                    + "again in " + Math.max(1, wait.get().toSeconds()) + " s");
            return;
        }
        if (!nodes.proves(input.getConnectPacket().getPassword().orElse(null))) {
            accounts.limiter().failed(address, user);
            refused.increment();
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "not a trusted web node: its "
                    + "node-secret differs from this broker's, or this broker has none (docs/scale.md)");
            return;
        }
        accounts.limiter().succeeded(user);
        ClientIdentity.rememberNode(input.getConnectionInformation());
        output.authenticateSuccessfully();
    }

    private static String utf8(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
