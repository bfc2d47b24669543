package chat.parley.broker;

import chat.parley.accounts.ClaimStore;
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
 * Decides who a connection is ({@code auth: open}): a claimed name must present its secret as the password; an
 * unclaimed name, or no name at all, is accepted as it is, so generic MQTT tools keep working. The accepted
 * username is what chat messages are stamped with.
 */
final class ConnectAuthenticator implements SimpleAuthenticator {

    private final ClaimStore claims;
    private final Bans bans;
    private final RefusalCounter refusals;
    private final Counter refused;
    private final ConnectionLimit connectionLimit;

    ConnectAuthenticator(ClaimStore claims, Bans bans, RefusalCounter refusals, MeterRegistry registry) {
        this(claims, bans, refusals, registry, new ConnectionLimit(0));
    }

    ConnectAuthenticator(ClaimStore claims, Bans bans, RefusalCounter refusals, MeterRegistry registry,
                         ConnectionLimit connectionLimit) {
        this.connectionLimit = connectionLimit;
        this.claims = claims;
        this.bans = bans;
        this.refusals = refusals;
        this.refused = Counter.builder("parley.auth.refused")
                .description("Connections refused: a claimed name without its secret")
                .register(registry);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        var connect = input.getConnectPacket();
        String user = connect.getUserName().filter(name -> !name.isBlank()).orElse(null);
        String clientId = input.getClientInformation().getClientId();
        var banned = bans.bannedUntil(clientId, user);
        if (banned.isPresent()) {
            refusals.refused(Refusal.BANNED, clientId, "CONNECT", "banned by an admin until " + banned.get());
            output.failAuthentication(ConnackReasonCode.BANNED, "banned by an admin until " + banned.get());
            return;
        }
        if (user != null && claims.isClaimed(user)
                && !claims.verify(user, connect.getPassword().map(ConnectAuthenticator::utf8).orElse(null))) {
            refused.increment();
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    "the name '" + user + "' is claimed: connect with its secret as the password");
            return;
        }
        if (!connectionLimit.admit(input.getConnectionInformation())) {
            String why = "too many connections from this address (max-connections-per-ip: " + connectionLimit.max()
                    + ")";
            refusals.refused(Refusal.CONNECTION_LIMIT, clientId, "CONNECT", why);
            output.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, why);
            return;
        }
        if (user != null) {
            ClientIdentity.remember(input.getConnectionInformation(), user);
        }
        output.authenticateSuccessfully();
    }

    private static String utf8(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
