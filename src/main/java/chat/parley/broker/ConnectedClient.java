package chat.parley.broker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One open MQTT connection as the admin sees it. The counters move while the connection lives.
 *
 * @param clientId        MQTT client id
 * @param user            the username it authenticated as, or {@code null} for an anonymous connection
 * @param address         the peer's IP address, or {@code null} when unknown
 * @param protocolVersion {@code 3.1}, {@code 3.1.1} or {@code 5}
 * @param transport       {@code tcp}, {@code tls}, {@code ws} or {@code wss}
 * @param since           when it connected, milliseconds since the epoch
 * @param messagesIn      PUBLISH packets received from it
 * @param messagesOut     PUBLISH packets sent to it
 */
public record ConnectedClient(String clientId, String user, String address, String protocolVersion,
                              String transport, long since, AtomicLong messagesIn, AtomicLong messagesOut) {
}
