package chat.parley.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * The bridge to a remote (public) MQTT broker, through which chosen rooms federate with other Parley sites.
 *
 * @param enabled      whether the bridge runs at start (the admin API can change it at runtime)
 * @param url          the remote broker, {@code tcp://host:port} or {@code ssl://host:port}
 * @param username     user name on the remote broker, empty for none
 * @param password     password on the remote broker, empty for none
 * @param remotePrefix topic prefix on the remote broker; empty: generated once and kept in the data dir
 * @param rooms        the bridged room ids, or just {@code *} for every room
 * @param qos          QoS of the remote subscription and publishes, 0 or 1
 * @param queueMax     most messages the outbox holds while the remote is unreachable; past it the oldest are dropped
 * @param maxFileBytes largest shared file carried to the other sites (in chunks); bigger ones stay here and show
 *                     there as kept at this site; 0: no file travels
 */
public record BridgeConfig(boolean enabled, String url, String username, String password, String remotePrefix,
                           List<String> rooms, int qos, int queueMax, long maxFileBytes) {

    /** The default {@code bridge-max-file-bytes}: 1 MB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
    /** The largest {@code bridge-max-file-bytes}: files arrive whole in memory before they are checked and kept. */
    public static final long MAX_MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** The default remote: HiveMQ's public broker. */
    public static final String DEFAULT_URL = "tcp://broker.hivemq.com:1883";
    /** The {@code rooms} entry that bridges every room. */
    public static final String ALL_ROOMS = "*";

    public BridgeConfig {
        Objects.requireNonNull(url, "bridge-url must not be null.");
        Objects.requireNonNull(username, "bridge-username must not be null.");
        Objects.requireNonNull(password, "bridge-password must not be null.");
        Objects.requireNonNull(remotePrefix, "bridge-remote-prefix must not be null.");
        rooms = List.copyOf(rooms);
        requireUrl(url);
        if (!remotePrefix.isEmpty() && !remotePrefix.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
            throw new ConfigException("bridge-remote-prefix: must be topic levels of [A-Za-z0-9_-] joined by '/', got '"
                    + remotePrefix + "'");
        }
        for (String room : rooms) {
            if (!room.equals(ALL_ROOMS) && !room.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw new ConfigException("bridge-rooms: '" + room + "' is not a room id (or * for every room)");
            }
        }
        if (qos != 0 && qos != 1) {
            throw new ConfigException("bridge-qos: must be 0 or 1, got " + qos);
        }
        if (queueMax < 1) {
            throw new ConfigException("bridge-queue-max: must be at least 1, got " + queueMax);
        }
        if (maxFileBytes < 0 || maxFileBytes > MAX_MAX_FILE_BYTES) {
            throw new ConfigException("bridge-max-file-bytes: must be 0 to 64MB, got " + maxFileBytes);
        }
    }

    /** The bridge as it is by default: off, to the public broker, no rooms. */
    public static BridgeConfig off() {
        return new BridgeConfig(false, DEFAULT_URL, "", "", "", List.of(), 1, 10_000, DEFAULT_MAX_FILE_BYTES);
    }

    /** Parses {@code bridge-rooms}: room ids separated by commas, or {@code *}. */
    public static List<String> parseRooms(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }

    /** Whether this room is bridged. */
    public boolean bridges(String room) {
        return rooms.contains(ALL_ROOMS) || rooms.contains(room);
    }

    /** A copy with the bridge on or off. */
    public BridgeConfig withEnabled(boolean on) {
        return new BridgeConfig(on, url, username, password, remotePrefix, rooms, qos, queueMax, maxFileBytes);
    }

    /** A copy bridging these rooms. */
    public BridgeConfig withRooms(List<String> newRooms) {
        return new BridgeConfig(enabled, url, username, password, remotePrefix, newRooms, qos, queueMax, maxFileBytes);
    }

    /** A copy with this remote prefix. */
    public BridgeConfig withRemotePrefix(String prefix) {
        return new BridgeConfig(enabled, url, username, password, prefix, rooms, qos, queueMax, maxFileBytes);
    }

    /** A copy with this remote URL. */
    public BridgeConfig withUrl(String newUrl) {
        return new BridgeConfig(enabled, newUrl, username, password, remotePrefix, rooms, qos, queueMax, maxFileBytes);
    }

    /** A copy with this outbox bound. */
    public BridgeConfig withQueueMax(int max) {
        return new BridgeConfig(enabled, url, username, password, remotePrefix, rooms, qos, max, maxFileBytes);
    }

    /** A copy carrying files up to this size. */
    public BridgeConfig withMaxFileBytes(long max) {
        return new BridgeConfig(enabled, url, username, password, remotePrefix, rooms, qos, queueMax, max);
    }

    /** The remote broker's URL parsed; {@link #url()} was checked, so this does not fail. */
    public URI uri() {
        return URI.create(url);
    }

    /** Whether the remote is reached over TLS. */
    public boolean tls() {
        return uri().getScheme().equals("ssl");
    }

    /** The remote broker's port: the URL's, else 1883 (tcp) or 8883 (ssl). */
    public int port() {
        int port = uri().getPort();
        return port > 0 ? port : tls() ? 8883 : 1883;
    }

    @Override
    public String toString() { // never print the password
        return "BridgeConfig[enabled=" + enabled + ", url=" + url + ", username=" + username + ", remotePrefix="
                + remotePrefix + ", rooms=" + rooms + ", qos=" + qos + ", queueMax=" + queueMax + ", maxFileBytes=" + maxFileBytes + "]";
    }

    private static void requireUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
                throw new ConfigException("bridge-url: must start with tcp:// or ssl://, got '" + url + "'");
            }
            if (uri.getHost() == null || uri.getPort() > 65535) {
                throw new ConfigException("bridge-url: must be tcp://host:port or ssl://host:port, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("bridge-url: must be tcp://host:port or ssl://host:port, got '" + url + "'");
        }
    }
}
