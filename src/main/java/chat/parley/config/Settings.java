package chat.parley.config;

import chat.parley.config.Setting.Kind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of every setting Parley understands, in the order {@code --help} and the sample file list them. */
public final class Settings {

    public static final Setting NAME = Setting.of("name", Kind.STRING, "Parley",
            "Server name shown in the web client and the start-up banner.");
    public static final Setting BIND = Setting.of("bind", Kind.STRING, "0.0.0.0",
            "Address every listener binds to (0.0.0.0 = all interfaces, 127.0.0.1 = this machine only).");
    public static final Setting HTTP_PORT = Setting.of("http-port", Kind.PORT, "8080",
            "Port of the web client and REST API (0 = pick a free port).");
    public static final Setting MQTT_PORT = Setting.of("mqtt-port", Kind.PORT, "1883",
            "Port of the MQTT TCP listener (0 = pick a free port).");
    public static final Setting WS_PORT = Setting.of("ws-port", Kind.PORT, "8000",
            "Port of the MQTT-over-WebSocket listener, path /mqtt (0 = pick a free port).");
    public static final Setting DATA_DIR = Setting.of("data-dir", Kind.PATH, "parley-data",
            "Directory for the message database, broker state and generated secrets.");
    public static final Setting AUTH = Setting.choice("auth", "open",
            "Identity mode: open (names can be claimed) or accounts (username + password; manage with parley user).",
            "open", "accounts");
    public static final Setting BROKER_PERSISTENCE = Setting.choice("broker-persistence", "memory",
            "Broker session/queue storage: memory (fast; history lives in Parley's store) or file.",
            "memory", "file");
    public static final Setting DURABILITY = Setting.choice("durability", "process",
            "When an acknowledged message is safe: process (survives a killed process) or power (fsync, survives "
                    + "power loss).", "process", "power");
    public static final Setting STORE = Setting.choice("store", "sqlite",
            "Where the message history, accounts, sessions and rooms live: sqlite ({data-dir}/parley.db) or "
                    + "postgresql (a PostgreSQL server at postgres-url, which several nodes may share; see "
                    + "docs/scale.md).", "sqlite", "postgresql");
    public static final Setting POSTGRES_URL = Setting.of("postgres-url", Kind.STRING, "",
            "With store: postgresql, the JDBC URL of the database, e.g. jdbc:postgresql://db.example.org:5432/parley.");
    public static final Setting POSTGRES_USER = Setting.of("postgres-user", Kind.STRING, "parley",
            "With store: postgresql, the role Parley logs in as (it creates its tables in that database).");
    public static final Setting POSTGRES_PASSWORD = Setting.of("postgres-password", Kind.STRING, "",
            "With store: postgresql, the role's password (empty = none); better PARLEY_POSTGRES_PASSWORD or "
                    + "postgres-password-file than the config file.");
    public static final Setting POSTGRES_PASSWORD_FILE = Setting.of("postgres-password-file", Kind.PATH, "",
            "A file holding the role's password (its first line), instead of postgres-password.");
    public static final Setting POSTGRES_POOL_SIZE = Setting.of("postgres-pool-size", Kind.POSITIVE_INT, "8",
            "Most connections Parley opens to PostgreSQL: one for the history writer, the rest for reads and the "
                    + "other stores' writes (one more, outside the pool, hears other nodes' changes).");
    public static final Setting BROKER_URL = Setting.of("broker-url", Kind.STRING, "",
            "Web node mode: the MQTT broker to use instead of the embedded one, e.g. mqtt://broker.example.org:1883 "
                    + "(HiveMQ with parley-extension.zip; needs store: postgresql; see docs/scale.md).");
    public static final Setting BROKER_WS_URL = Setting.of("broker-ws-url", Kind.STRING, "",
            "With broker-url, the broker's MQTT WebSocket URL that browsers open, e.g. "
                    + "ws://broker.example.org:8000/mqtt.");
    public static final Setting BROKER_CA_FILE = Setting.of("broker-ca-file", Kind.PATH, "",
            "With an mqtts:// broker-url, the CA certificates (PEM) the broker's certificate must chain to, e.g. a "
                    + "Parley broker's local CA from /api/tls/ca.pem (default: the JVM's trusted CAs).");
    public static final Setting NODE_SECRET = Setting.of("node-secret", Kind.STRING, "",
            "The secret web nodes prove themselves by to the broker's Parley extension (the same on both; at least 16 "
                    + "characters; empty = no node is trusted); better PARLEY_NODE_SECRET than the config file.");
    public static final Setting NODE_SECRET_FILE = Setting.of("node-secret-file", Kind.PATH, "",
            "A file holding the node secret (its first line), instead of node-secret.");
    public static final Setting RETENTION_MAX_AGE = Setting.of("retention-max-age", Kind.DURATION, "0",
            "Delete messages older than this, e.g. 30d, 12h (0 = keep forever).");
    public static final Setting RETENTION_MAX_MESSAGES = Setting.of("retention-max-messages", Kind.COUNT, "0",
            "Keep at most this many messages per room (0 = unlimited).");
    public static final Setting RETENTION_ROOMS = Setting.of("retention-rooms", Kind.STRING, "",
            "Per-room overrides as room:max-age:max-messages, comma-separated, e.g. scratch:1d:100,logs:90d:0.");
    public static final Setting PREFIX = Setting.of("prefix", Kind.STRING, "parley",
            "Topic prefix of the chat namespace; topics outside it behave like a plain broker.");
    public static final Setting MAX_TEXT_CHARS = Setting.of("max-text-chars", Kind.POSITIVE_INT, "4000",
            "Longest chat message text, in characters.");
    public static final Setting MAX_PAYLOAD_BYTES = Setting.of("max-payload-bytes", Kind.POSITIVE_INT, "65536",
            "Largest chat payload, in bytes (topics outside the chat namespace are not limited).");
    public static final Setting WEB_DIR = Setting.of("web-dir", Kind.PATH, "",
            "Serve the browser client from this directory instead of the jar (for development).");
    public static final Setting VERBOSE = Setting.of("verbose", Kind.BOOLEAN, "false",
            "Log the broker's and web server's own messages at INFO instead of WARN.");

    public static final Setting DISCOVERY = Setting.of("discovery", Kind.BOOLEAN, "true",
            "Advertise the server on the LAN with mDNS/DNS-SD (_http._tcp, _mqtt._tcp, _parley._tcp).");
    public static final Setting TYPING_MAX_PEOPLE = Setting.of("typing-max-people", Kind.COUNT, "1000",
            "Deliver typing signals only in rooms with at most this many people online (0 = in every room); in a "
                    + "larger room \"is typing…\" would reach more people than it helps.");
    public static final Setting RATE_LIMIT = Setting.of("rate-limit", Kind.POSITIVE_INT, "20",
            "Chat messages one client connection may publish per second, on average.");
    public static final Setting RATE_BURST = Setting.of("rate-burst", Kind.POSITIVE_INT, "40",
            "Chat messages one client connection may publish at once before the rate limit applies.");
    public static final Setting ADMIN_TOKEN = Setting.of("admin-token", Kind.STRING, "",
            "Bearer token for /api/admin (empty = generated at first start into the data dir and printed once).");

    public static final Setting METRICS_PUBLIC = Setting.of("metrics-public", Kind.BOOLEAN, "true",
            "Serve /metrics to anyone (true) or only with the admin token (false).");

    public static final Setting ALLOWED_ORIGINS = Setting.of("allowed-origins", Kind.STRING, "",
            "Other web origins (scheme://host[:port], comma-separated) whose pages may change things through the API "
                    + "with a user's cookie, e.g. the public address of a reverse proxy that rewrites Host.");

    public static final Setting TLS = Setting.choice("tls", "off",
            "TLS for MQTT (mqtts-port), WebSocket (wss-port) and the web (https-port): off, pem (your tls-cert and "
                    + "tls-key) or auto (a local CA and server certificate generated into the data dir).",
            "off", "pem", "auto");
    public static final Setting TLS_CERT = Setting.of("tls-cert", Kind.PATH, "",
            "With tls: pem, the server's PEM certificate chain (server certificate first).");
    public static final Setting TLS_KEY = Setting.of("tls-key", Kind.PATH, "",
            "With tls: pem, the server's PEM private key (PKCS#8, or PKCS#1 RSA / SEC1 EC; not encrypted).");
    public static final Setting MQTTS_PORT = Setting.of("mqtts-port", Kind.PORT, "8883",
            "Port of the MQTT over TLS listener when tls is on (0 = pick a free port).");
    public static final Setting WSS_PORT = Setting.of("wss-port", Kind.PORT, "8884",
            "Port of the MQTT over secure WebSocket listener (path /mqtt) when tls is on (0 = pick a free port).");
    public static final Setting HTTPS_PORT = Setting.of("https-port", Kind.PORT, "8443",
            "Port of the HTTPS web client and REST API when tls is on (0 = pick a free port).");
    public static final Setting PLAIN_LISTENERS = Setting.of("plain-listeners", Kind.BOOLEAN, "true",
            "With tls on, also serve plain HTTP, MQTT and WebSocket (false = TLS only).");
    public static final Setting MAX_CONNECTIONS_PER_IP = Setting.of("max-connections-per-ip", Kind.COUNT, "64",
            "MQTT connections one IP address may hold open at once (0 = unlimited); more get CONNACK 0x97.");
    public static final Setting MAX_SUBSCRIPTIONS = Setting.of("max-subscriptions", Kind.COUNT, "1000",
            "Topic filters one MQTT connection may subscribe to (0 = unlimited); more get SUBACK 0x97.");
    public static final Setting MAX_PACKET_BYTES = Setting.of("max-packet-bytes", Kind.COUNT, "0",
            "Largest MQTT packet the broker reads, any topic (0 = max-payload-bytes + 64 KiB); a larger one is refused "
                    + "before it is buffered and its connection closed.");
    public static final Setting CLAIMS_PER_MINUTE = Setting.of("claims-per-minute", Kind.COUNT, "10",
            "Names one IP address may claim (POST /api/claim) per minute, at most that many at once (0 = unlimited); "
                    + "more get 429.");
    public static final Setting ANONYMOUS = Setting.of("anonymous", Kind.BOOLEAN, "true",
            "Accept MQTT connections without a username (outside the chat namespace only when auth is accounts).");
    public static final Setting SELF_SIGNUP = Setting.of("self-signup", Kind.BOOLEAN, "false",
            "With auth: accounts, let anyone create an account on the web page (POST /api/signup).");
    public static final Setting BRIDGE_ENABLED = Setting.of("bridge-enabled", Kind.BOOLEAN, "false",
            "Bridge chosen rooms to a remote MQTT broker (the admin API can turn it on and off at runtime).");
    public static final Setting BRIDGE_URL = Setting.of("bridge-url", Kind.STRING, BridgeConfig.DEFAULT_URL,
            "The remote broker: tcp://host:port or ssl://host:port.");
    public static final Setting BRIDGE_USERNAME = Setting.of("bridge-username", Kind.STRING, "",
            "User name on the remote broker (empty = none).");
    public static final Setting BRIDGE_PASSWORD = Setting.of("bridge-password", Kind.STRING, "",
            "Password on the remote broker (empty = none).");
    public static final Setting BRIDGE_REMOTE_PREFIX = Setting.of("bridge-remote-prefix", Kind.STRING, "",
            "Topic prefix on the remote broker, shared by the sites that meet there (empty = generated once).");
    public static final Setting BRIDGE_ROOMS = Setting.of("bridge-rooms", Kind.STRING, "",
            "Bridged room ids, comma-separated, or * for every room.");
    public static final Setting BRIDGE_QOS = Setting.of("bridge-qos", Kind.COUNT, "1",
            "QoS of the bridge's publishes and subscription on the remote broker: 0 or 1.");
    public static final Setting BRIDGE_QUEUE_MAX = Setting.of("bridge-queue-max", Kind.POSITIVE_INT, "10000",
            "Most messages queued for the remote while it is unreachable; past it the oldest are dropped.");
    public static final Setting BRIDGE_MAX_FILE_BYTES = Setting.of("bridge-max-file-bytes", Kind.BYTES, "1MB",
            "Largest shared file carried to the other sites (in chunks, at most 64MB); bigger ones show there as kept "
                    + "at this site (0 = no file travels).");

    public static final Setting POST_RATE_LIMIT = Setting.of("post-rate-limit", Kind.POSITIVE_INT, "5",
            "Messages one bot token, incoming webhook or user may post over HTTP per second, on average; more get "
                    + "429.");
    public static final Setting POST_RATE_BURST = Setting.of("post-rate-burst", Kind.POSITIVE_INT, "20",
            "Messages one bot token, incoming webhook or user may post over HTTP at once before post-rate-limit "
                    + "applies.");
    public static final Setting WEBHOOK_TARGETS = Setting.of("webhook-targets", Kind.STRING, "",
            "Where outgoing webhooks may send: host names, IP addresses or CIDR ranges, comma-separated, or * for "
                    + "anywhere (empty = outgoing webhooks are off; see docs/bots.md on request forgery).");
    public static final Setting WEBHOOK_QUEUE_MAX = Setting.of("webhook-queue-max", Kind.POSITIVE_INT, "10000",
            "Most deliveries queued for outgoing webhooks while their receivers fail; past it the oldest are dropped.");
    public static final Setting MAX_FILE_BYTES = Setting.of("max-file-bytes", Kind.BYTES, "25MB",
            "Largest file one upload may hold (e.g. 25MB, 512KB); a larger upload is stopped while it streams (413).");
    public static final Setting FILE_QUOTA_BYTES = Setting.of("file-quota-bytes", Kind.BYTES, "1GB",
            "Bytes of files one user may keep on the server (0 = unlimited); more are refused (413 over_quota).");
    public static final Setting KEEP_EXIF = Setting.of("keep-exif", Kind.BOOLEAN, "false",
            "Keep the GPS location in uploaded photos (false = removed from the EXIF at upload, the rest kept).");
    public static final Setting MAX_IMAGE_MEGAPIXELS = Setting.of("max-image-megapixels", Kind.POSITIVE_INT, "100",
            "Images with more pixels than this many millions are refused: a small file that decodes to a huge "
                    + "picture (a decompression bomb) never reaches a thumbnailer or a browser.");

    public static final Setting WEB_PUSH = Setting.of("web-push", Kind.BOOLEAN, "true",
            "Notify signed-in users of DMs and mentions through their browser's push service when no app of theirs is "
                    + "connected (needs the internet; unused on an offline LAN).");
    public static final Setting WEB_PUSH_SUBJECT = Setting.of("web-push-subject", Kind.STRING,
            "mailto:admin@example.com",
            "Contact the push services see with each push (mailto: or https://), so they can reach the server's owner.");
    public static final Setting WEB_PUSH_SERVICES = Setting.of("web-push-services", Kind.STRING,
            "fcm.googleapis.com,.push.services.mozilla.com,.push.apple.com,.notify.windows.com",
            "Where push subscriptions may point: host names, .domain suffixes or exact origins, comma-separated (the "
                    + "browsers' push services; anything else is refused, as the server makes the request).");

    /** Every setting, in display order. */
    public static final List<Setting> ALL = List.of(NAME, BIND, HTTP_PORT, MQTT_PORT, WS_PORT, DATA_DIR, AUTH,
            BROKER_PERSISTENCE, DURABILITY, STORE, POSTGRES_URL, POSTGRES_USER,
            POSTGRES_PASSWORD, POSTGRES_PASSWORD_FILE, POSTGRES_POOL_SIZE, BROKER_URL, BROKER_WS_URL, BROKER_CA_FILE, NODE_SECRET, NODE_SECRET_FILE,
            RETENTION_MAX_AGE, RETENTION_MAX_MESSAGES, RETENTION_ROOMS, PREFIX,
            MAX_TEXT_CHARS, MAX_PAYLOAD_BYTES, TYPING_MAX_PEOPLE, RATE_LIMIT, RATE_BURST, ADMIN_TOKEN, METRICS_PUBLIC,
            ALLOWED_ORIGINS,
            WEB_DIR, VERBOSE, DISCOVERY, TLS, TLS_CERT, TLS_KEY, MQTTS_PORT, WSS_PORT, HTTPS_PORT, PLAIN_LISTENERS,
            MAX_CONNECTIONS_PER_IP, MAX_SUBSCRIPTIONS, MAX_PACKET_BYTES, CLAIMS_PER_MINUTE, ANONYMOUS, SELF_SIGNUP,
            BRIDGE_ENABLED, BRIDGE_URL, BRIDGE_USERNAME, BRIDGE_PASSWORD, BRIDGE_REMOTE_PREFIX, BRIDGE_ROOMS,
            BRIDGE_QOS, BRIDGE_QUEUE_MAX, BRIDGE_MAX_FILE_BYTES, POST_RATE_LIMIT, POST_RATE_BURST, WEBHOOK_TARGETS, WEBHOOK_QUEUE_MAX,
            MAX_FILE_BYTES, FILE_QUOTA_BYTES, KEEP_EXIF, MAX_IMAGE_MEGAPIXELS, WEB_PUSH, WEB_PUSH_SUBJECT, WEB_PUSH_SERVICES);

    private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

    static {
        ALL.forEach(s -> BY_KEY.put(s.key(), s));
    }

    private Settings() {
    }

    /** The setting with this key, if there is one. */
    public static Optional<Setting> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The default value of every setting, keyed by setting key. */
    static Map<String, String> defaults() {
        var values = new LinkedHashMap<String, String>();
        ALL.forEach(s -> values.put(s.key(), s.defaultValue()));
        return values;
    }
}
