package chat.parley.cli;

import chat.parley.chat.AdminRemoval;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;

import java.time.Instant;
import java.util.Optional;

/** Reads why a connection ended: a kick (DISCONNECT 0x98) or a ban (its reason string, or CONNACK 0x8A). */
final class AdminRemovals {

    private AdminRemovals() {
    }

    /** Whether the server disconnected us by administrative action. */
    static boolean kicked(Throwable cause) {
        return cause instanceof Mqtt5DisconnectException e
                && e.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION;
    }

    /** When the ban announced by a DISCONNECT or a refused CONNECT ends, if it announced one. */
    static Optional<Instant> bannedUntil(Throwable cause) {
        if (cause instanceof Mqtt5DisconnectException e
                && e.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION) {
            return e.getMqttMessage().getReasonString().flatMap(r -> AdminRemoval.bannedUntil(r.toString()));
        }
        if (cause instanceof Mqtt5ConnAckException e
                && e.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.BANNED) {
            // a broker that says banned without saying until when: the usual backoff
            return e.getMqttMessage().getReasonString().flatMap(r -> AdminRemoval.bannedUntil(r.toString()));
        }
        return Optional.empty();
    }
}
