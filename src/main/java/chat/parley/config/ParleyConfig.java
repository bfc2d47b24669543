package chat.parley.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole, immutable configuration of one Parley server. Built by {@link ConfigLoader} from defaults, the YAML
 * file, {@code PARLEY_*} environment variables and flags, or directly in code (see {@link #ephemeral(Path)}).
 *
 * @param name              server name shown to users
 * @param bind              address every listener binds to
 * @param httpPort          web/REST port, 0 for a free one
 * @param mqttPort          MQTT TCP port, 0 for a free one
 * @param wsPort            MQTT-over-WebSocket port (path {@code /mqtt}), 0 for a free one
 * @param dataDir           directory for the database, broker state and secrets
 * @param auth              identity mode
 * @param brokerPersistence where the broker keeps sessions and queues
 * @param durability        when an acknowledged message is safe
 * @param retention         how long history is kept
 * @param prefix            topic prefix of the chat namespace, without a trailing slash
 * @param maxTextChars      longest message text, in characters (code points)
 * @param maxPayloadBytes   largest chat payload, in bytes
 * @param rateLimit         how fast one connection may publish chat messages
 * @param adminToken        bearer token of the admin API, or empty to use (and make) the generated one
 * @param webDir            serve the browser client from this directory instead of the jar, or {@code null}
 * @param verbose           log the broker's and web server's own messages at INFO
 * @param discovery         advertise the server on the LAN with mDNS/DNS-SD
 */
public record ParleyConfig(String name, String bind, int httpPort, int mqttPort, int wsPort, Path dataDir,
                           AuthMode auth, BrokerPersistence brokerPersistence, Durability durability,
                           Retention retention, String prefix, int maxTextChars,
                           int maxPayloadBytes, RateLimit rateLimit, String adminToken, Path webDir,
                           boolean verbose, boolean discovery) {

    /**
     * How fast one client connection may publish chat messages.
     *
     * @param perSecond messages per second, on average
     * @param burst     messages at once before the limit applies
     */
    public record RateLimit(int perSecond, int burst) {
        public RateLimit {
            if (perSecond < 1 || burst < 1) {
                throw new ConfigException("rate-limit and rate-burst: must be at least 1");
            }
        }
    }

    public ParleyConfig {
        Objects.requireNonNull(name, "name must not be null.");
        Objects.requireNonNull(bind, "bind must not be null.");
        Objects.requireNonNull(dataDir, "data-dir must not be null.");
        Objects.requireNonNull(auth, "auth must not be null.");
        Objects.requireNonNull(brokerPersistence, "broker-persistence must not be null.");
        Objects.requireNonNull(prefix, "prefix must not be null.");
        Objects.requireNonNull(durability, "durability must not be null.");
        Objects.requireNonNull(retention, "retention must not be null.");
        Objects.requireNonNull(rateLimit, "rate limit must not be null.");
        Objects.requireNonNull(adminToken, "admin-token must not be null (empty means generated).");
        if (!adminToken.isEmpty() && adminToken.length() < 16) {
            throw new ConfigException("admin-token: must be at least 16 characters (or empty to generate one)");
        }
        requirePort("http-port", httpPort);
        requirePort("mqtt-port", mqttPort);
        requirePort("ws-port", wsPort);
        if (bind.isBlank()) {
            throw new ConfigException("bind: must not be empty");
        }
        if (!prefix.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
            throw new ConfigException("prefix: must be topic levels of [A-Za-z0-9_-] joined by '/', got '" + prefix
                    + "'");
        }
        if (maxTextChars < 1) {
            throw new ConfigException("max-text-chars: must be at least 1, got " + maxTextChars);
        }
        if (maxPayloadBytes < 64) {
            throw new ConfigException("max-payload-bytes: must be at least 64, got " + maxPayloadBytes);
        }
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + ": must be a port number from 0 to 65535, got " + port);
        }
    }

    /**
     * A configuration for tests and embedding: every listener on a free port of 127.0.0.1, data in {@code dataDir},
     * no LAN discovery, everything else at its default.
     */
    public static ParleyConfig ephemeral(Path dataDir) {
        return defaults().withDataDir(dataDir).withBind("127.0.0.1").withPorts(0, 0, 0).withDiscovery(false);
    }

    /** Every setting at its default. */
    public static ParleyConfig defaults() {
        return ConfigLoader.fromValues(Settings.defaults(), java.util.Map.of());
    }

    /** The web directory to serve from disk, if one is set. */
    public Optional<Path> webDirOverride() {
        return Optional.ofNullable(webDir);
    }

    public ParleyConfig withDataDir(Path dir) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dir, auth, brokerPersistence,
                durability, retention, prefix,
                maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir, verbose, discovery);
    }

    public ParleyConfig withBind(String address) {
        return new ParleyConfig(name, address, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                durability, retention, prefix,
                maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir, verbose, discovery);
    }

    public ParleyConfig withPorts(int http, int mqtt, int ws) {
        return new ParleyConfig(name, bind, http, mqtt, ws, dataDir, auth, brokerPersistence,
                durability, retention, prefix,
                maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir, verbose, discovery);
    }

    public ParleyConfig withRetention(Retention newRetention) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence, durability,
                newRetention, prefix, maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir, verbose,
                discovery);
    }

    public ParleyConfig withLimits(int textChars, int payloadBytes) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                durability, retention, prefix,
                textChars, payloadBytes, rateLimit, adminToken, webDir, verbose, discovery);
    }

    public ParleyConfig withDiscovery(boolean advertise) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence, durability,
                retention, prefix, maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir, verbose,
                advertise);
    }

    public ParleyConfig withDurability(Durability newDurability) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                newDurability, retention, prefix, maxTextChars, maxPayloadBytes, rateLimit, adminToken, webDir,
                verbose, discovery);
    }

    public ParleyConfig withRateLimit(RateLimit newRateLimit) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                durability, retention, prefix, maxTextChars, maxPayloadBytes, newRateLimit, adminToken, webDir,
                verbose, discovery);
    }

    public ParleyConfig withAdminToken(String token) {
        return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                durability, retention, prefix, maxTextChars, maxPayloadBytes, rateLimit, token, webDir,
                verbose, discovery);
    }
}
