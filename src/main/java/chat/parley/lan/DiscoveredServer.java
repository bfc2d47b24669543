package chat.parley.lan;

/**
 * A Parley server found on the LAN by {@link Discovery}.
 *
 * @param name     the advertised instance name (the server's {@code name} setting)
 * @param host     an IPv4 address of the server
 * @param httpPort its web client and REST API port
 * @param mqttPort its MQTT TCP port
 * @param wsPort   its MQTT-over-WebSocket port
 * @param wsPath   the WebSocket path, e.g. {@code /mqtt}
 * @param version  its Parley version
 * @param auth     its identity mode, {@code open} or {@code accounts}
 * @param tls      whether its listeners use TLS
 */
public record DiscoveredServer(String name, String host, int httpPort, int mqttPort, int wsPort, String wsPath,
                               String version, String auth, boolean tls) {

    /** The web client's URL, e.g. {@code http://192.168.1.20:8080/}. */
    public String webUrl() {
        return (tls ? "https://" : "http://") + host + ":" + httpPort + "/";
    }

    /** The broker's URL, e.g. {@code mqtt://192.168.1.20:1883}. */
    public String mqttUrl() {
        return (tls ? "mqtts://" : "mqtt://") + host + ":" + mqttPort;
    }
}
