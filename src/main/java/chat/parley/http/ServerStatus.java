package chat.parley.http;

import chat.parley.config.ParleyConfig;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
 * @param storeProblem why the history store's writes fail right now, empty while they work
 */
public record ServerStatus(ParleyConfig config, String version, int mqttPort, int wsPort, String wsPath,
                           BooleanSupplier brokerUp, TlsInfo tls, Supplier<Optional<String>> storeProblem) {

    /** A server without TLS listeners whose store is not watched. */
    public ServerStatus(ParleyConfig config, String version, int mqttPort, int wsPort, String wsPath,
                        BooleanSupplier brokerUp) {
        this(config, version, mqttPort, wsPort, wsPath, brokerUp, TlsInfo.NONE, Optional::empty);
    }
}
