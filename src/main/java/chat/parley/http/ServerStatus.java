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
 */
public record ServerStatus(ParleyConfig config, String version, int mqttPort, int wsPort, String wsPath,
                           BooleanSupplier brokerUp) {
}
