package chat.parley.http;

/**
 * The MQTT broker's bound ports, as {@code /api/info} tells clients. 0 for a listener that does not run.
 *
 * @param mqtt  MQTT over TCP
 * @param ws    MQTT over WebSocket
 * @param mqtts MQTT over TLS
 * @param wss   MQTT over secure WebSocket
 */
public record BrokerPorts(int mqtt, int ws, int mqtts, int wss) {

    /** No listener bound yet. */
    public static final BrokerPorts NONE = new BrokerPorts(0, 0, 0, 0);
}
