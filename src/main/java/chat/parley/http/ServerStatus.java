package chat.parley.http;

import chat.parley.config.ParleyConfig;

import java.util.function.BooleanSupplier;

/**
 * What the web server tells clients about the running Parley server.
 *
 * @param config   the server's configuration
 * @param version  Parley's version
 * @param mqttPort the bound MQTT TCP port
 * @param wsPort   the bound MQTT-over-WebSocket port
 * @param wsPath   the WebSocket listener's path
 * @param brokerUp whether the broker is running
 * @param tls      the TLS listeners and the local CA, {@link TlsInfo#NONE} without TLS
 */
public record ServerStatus(ParleyConfig config, String version, int mqttPort, int wsPort, String wsPath,
                           BooleanSupplier brokerUp, TlsInfo tls) {

    /** A server without TLS listeners. */
    public ServerStatus(ParleyConfig config, String version, int mqttPort, int wsPort, String wsPath,
                        BooleanSupplier brokerUp) {
        this(config, version, mqttPort, wsPort, wsPath, brokerUp, TlsInfo.NONE);
    }
}
