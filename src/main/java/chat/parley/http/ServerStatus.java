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
 * @param brokerPorts the broker's bound ports ({@link BrokerPorts#NONE} while it starts: the web server starts
 *                    beside it)
 * @param wsPath   the WebSocket listener's path
 * @param started  whether the server has finished starting (until then the API answers 503)
 * @param brokerUp whether the broker is running: on a web node, whether its connection to the broker is up
 * @param tls      the TLS listeners and the local CA, {@link TlsInfo#NONE} without TLS
 * @param storeProblem why the history store's writes fail right now, empty while they work
 */
public record ServerStatus(ParleyConfig config, String version, Supplier<BrokerPorts> brokerPorts, String wsPath,
                           BooleanSupplier started, BooleanSupplier brokerUp, TlsInfo tls, Supplier<Optional<String>> storeProblem) {

    /** The bound MQTT TCP port, 0 until the broker runs or when plain listeners are off. */
    public int mqttPort() {
        return brokerPorts.get().mqtt();
    }

    /** The bound MQTT-over-WebSocket port, 0 until the broker runs or when plain listeners are off. */
    public int wsPort() {
        return brokerPorts.get().ws();
    }
}
