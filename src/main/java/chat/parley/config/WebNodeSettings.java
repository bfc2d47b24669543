package chat.parley.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Web node mode: the web server, REST API and admin of a Parley that runs no broker of its own, beside a broker that
 * Parley does not start (HiveMQ with {@code parley-extension.zip}, or another Parley's embedded broker). Browsers
 * connect to that broker themselves; the node publishes only what the server itself writes (system messages, posts
 * over HTTP, room meta), over one MQTT connection that proves itself with the node secret. See docs/scale.md.
 *
 * @param brokerUrl   {@code mqtt://host:port} or {@code mqtts://host:port} of the broker, empty to run the embedded one
 * @param brokerWsUrl the MQTT WebSocket URL browsers open ({@code ws://host:port/mqtt} or {@code wss://…}); required
 *                    with a broker URL
 * @param nodeSecret  what web nodes present to the broker's Parley extension (at least 16 characters), set the same
 *                    on both sides; empty on a broker trusts no node
 * @param brokerCa    with {@code mqtts://}, the CA certificates (PEM) the broker's certificate must chain to; null
 *                    for the JVM's trusted CAs
 */
public record WebNodeSettings(String brokerUrl, String brokerWsUrl, String nodeSecret, Path brokerCa) {

    /** The MQTT username a web node connects with: not a valid user name, so nobody can claim it. */
    public static final String NODE_USER = "$parley-node";
    /** How a web node's MQTT client id starts; only a trusted node may connect with such an id. */
    public static final String NODE_CLIENT_PREFIX = "parley-node-";
    /** The shortest node secret accepted. */
    public static final int MIN_SECRET_CHARS = 16;

    public WebNodeSettings {
        Objects.requireNonNull(brokerUrl, "broker-url must not be null (empty means the embedded broker).");
        Objects.requireNonNull(brokerWsUrl, "broker-ws-url must not be null (empty means none).");
        Objects.requireNonNull(nodeSecret, "node-secret must not be null (empty means none).");
        if (!brokerUrl.isEmpty() && !brokerUrl.matches("mqtts?://[^/:?#\\s]+:[0-9]{1,5}")) {
            throw new ConfigException("broker-url: must look like mqtt://broker.example.org:1883 (or mqtts://…), "
                    + "got '" + brokerUrl + "'");
        }
        if (!brokerWsUrl.isEmpty() && !brokerWsUrl.matches("wss?://[^/?#\\s]+(/\\S*)?")) {
            throw new ConfigException("broker-ws-url: must look like ws://broker.example.org:8000/mqtt (or wss://…), "
                    + "got '" + brokerWsUrl + "'");
        }
        if (!nodeSecret.isEmpty() && nodeSecret.length() < MIN_SECRET_CHARS) {
            throw new ConfigException("node-secret: must be at least " + MIN_SECRET_CHARS + " characters");
        }
        if (!brokerUrl.isEmpty() && brokerWsUrl.isEmpty()) {
            throw new ConfigException("broker-ws-url: with broker-url, say where browsers open the broker's MQTT "
                    + "WebSocket, e.g. ws://broker.example.org:8000/mqtt");
        }
        if (brokerCa != null && !brokerUrl.startsWith("mqtts://")) {
            throw new ConfigException("broker-ca-file: only with an mqtts:// broker-url (the broker's TLS listener)");
        }
        if (!brokerUrl.isEmpty() && nodeSecret.isEmpty()) {
            throw new ConfigException("node-secret: with broker-url, set the secret the broker's Parley extension "
                    + "trusts web nodes by (the same on both sides; at least " + MIN_SECRET_CHARS + " characters)");
        }
    }

    /** The embedded broker, no node trusted. */
    public static WebNodeSettings none() {
        return new WebNodeSettings("", "", "", null);
    }

    /** A web node of the broker at {@code brokerUrl}, browsers opening {@code brokerWsUrl}. */
    public static WebNodeSettings of(String brokerUrl, String brokerWsUrl, String nodeSecret) {
        return new WebNodeSettings(brokerUrl, brokerWsUrl, nodeSecret, null);
    }

    /** The same, trusting the broker's TLS certificate only if it chains to the certificates in {@code caFile}. */
    public WebNodeSettings withBrokerCa(Path caFile) {
        return new WebNodeSettings(brokerUrl, brokerWsUrl, nodeSecret, caFile);
    }

    /** Whether this server is a web node (no embedded broker). */
    public boolean enabled() {
        return !brokerUrl.isEmpty();
    }

    /** Whether web nodes may connect to this server's broker (a node secret is set). */
    public boolean trustsNodes() {
        return !nodeSecret.isEmpty();
    }

    /** The broker's host name or address. */
    public String host() {
        return URI.create(brokerUrl).getHost();
    }

    /** The broker's MQTT port. */
    public int port() {
        return URI.create(brokerUrl).getPort();
    }

    /** Whether the node connects to the broker over TLS ({@code mqtts://}). */
    public boolean tls() {
        return brokerUrl.startsWith("mqtts://");
    }

    /** The port of {@link #brokerWsUrl}, its scheme's default when it names none. */
    public int wsPort() {
        URI uri = URI.create(brokerWsUrl);
        return uri.getPort() > 0 ? uri.getPort() : brokerWsUrl.startsWith("wss://") ? 443 : 80;
    }

    /** Never shows the secret (configs are logged and printed in test failures). */
    @Override
    public String toString() {
        return "WebNodeSettings[brokerUrl=" + brokerUrl + ", brokerWsUrl=" + brokerWsUrl + ", nodeSecret="
                + (nodeSecret.isEmpty() ? "" : "***") + "]";
    }
}
