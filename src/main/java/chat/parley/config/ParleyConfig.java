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
 * @param metricsPublic     serve {@code /metrics} without the admin token
 * @param webDir            serve the browser client from this directory instead of the jar, or {@code null}
 * @param verbose           log the broker's and web server's own messages at INFO
 * @param discovery         advertise the server on the LAN with mDNS/DNS-SD
 * @param tls               TLS listeners and their certificate
 * @param clientLimits      connections per IP and subscriptions per connection
 * @param access            who may connect without an account, and whether anyone may create one
 * @param bridge            the bridge to a remote broker
 * @param allowedOrigins    web origins besides the server's own whose pages may change things with a user's cookie,
 *                          each {@code scheme://host[:port]} in lower case
 * @param claimsPerMinute   names one IP address may claim per minute (also the burst), 0 for unlimited
 * @param hooks             bots and webhooks: the rate of posts over HTTP, where outgoing webhooks may send
 * @param files             what people may share as files: sizes, quota, EXIF, image limits
 * @param store             where the message history lives: SQLite or a PostgreSQL server
 * @param push              Web Push notifications: on or off, the VAPID contact, the push services allowed
 * @param webNode           web node mode (a broker Parley does not start) and the secret web nodes prove themselves by
 * @param typingMaxPeople   the most people online in a room whose typing signals are still delivered, 0 for any
 */
public record ParleyConfig(String name, String bind, int httpPort, int mqttPort, int wsPort, Path dataDir,
                           AuthMode auth, BrokerPersistence brokerPersistence, Durability durability,
                           Retention retention, String prefix, int maxTextChars,
                           int maxPayloadBytes, RateLimit rateLimit, String adminToken, boolean metricsPublic,
                           Path webDir,
                           boolean verbose, boolean discovery, TlsSettings tls, ClientLimits clientLimits,
                           Access access, BridgeConfig bridge, java.util.List<String> allowedOrigins,
                           int claimsPerMinute, HookSettings hooks, FileLimits files,
                           StoreSettings store, PushSettings push, WebNodeSettings webNode,
                           int typingMaxPeople) {

    /**
     * Who gets in without proving a name.
     *
     * @param anonymous  accept MQTT connections without a username ({@code auth: accounts}: outside the chat
     *                   namespace only)
     * @param selfSignup with {@code auth: accounts}, anyone may create an account ({@code POST /api/signup})
     */
    public record Access(boolean anonymous, boolean selfSignup) {
    }

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
        Objects.requireNonNull(access, "access must not be null.");
        Objects.requireNonNull(adminToken, "admin-token must not be null (empty means generated).");
        Objects.requireNonNull(bridge, "bridge must not be null.");
        Objects.requireNonNull(hooks, "hooks must not be null.");
        Objects.requireNonNull(allowedOrigins, "allowed-origins must not be null (empty means none).");
        Objects.requireNonNull(files, "file limits must not be null.");
        Objects.requireNonNull(store, "store must not be null.");
        Objects.requireNonNull(push, "push settings must not be null.");
        Objects.requireNonNull(webNode, "web node settings must not be null.");
        requireFitForWebNode(webNode, store);
        for (String origin : allowedOrigins) {
            if (!origin.equals(normaliseOrigin(origin))) {
                throw new ConfigException("allowed-origins: '" + origin + "' is not an origin like https://host[:port]"
                        + " in lower case");
            }
        }
        allowedOrigins = java.util.List.copyOf(allowedOrigins);
        if (typingMaxPeople < 0) {
            throw new ConfigException("typing-max-people: must be 0 (every room) or more, got " + typingMaxPeople);
        }
        if (claimsPerMinute < 0) {
            throw new ConfigException("claims-per-minute: must be 0 (unlimited) or more, got " + claimsPerMinute);
        }
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
        Objects.requireNonNull(tls, "tls must not be null.");
        Objects.requireNonNull(clientLimits, "client limits must not be null.");
        if (maxPayloadBytes < 64) {
            throw new ConfigException("max-payload-bytes: must be at least 64, got " + maxPayloadBytes);
        }
    }

    /**
     * A web node shares nothing with the other nodes but the broker and the database: a history of its own (SQLite)
     * is refused at start. The bridge may run on one web node of a site (docs/scale.md): it follows the shared
     * history, and keeps its outbox and gap repair in that node's {@code parley.db}.
     */
    private static void requireFitForWebNode(WebNodeSettings webNode, StoreSettings store) {
        if (!webNode.enabled()) {
            return;
        }
        if (store.kind() != StoreSettings.Kind.POSTGRESQL) {
            throw new ConfigException("broker-url: a web node needs store: postgresql (the history every node and the "
                    + "broker share); see docs/scale.md");
        }
    }

    /**
     * An origin as browsers send it ({@code http(s)://host[:port]}, no path) in lower case without a trailing slash, or
     * null when {@code text} is not one.
     */
    public static String normaliseOrigin(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.matches("https?://(\\[[0-9a-f:.]+\\]|[a-z0-9.-]+)(:[0-9]{1,5})?") ? s : null;
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + ": must be a port number from 0 to 65535, got " + port);
        }
    }

    /**
     * A configuration for tests and embedding: every listener on a free port of 127.0.0.1, data in {@code dataDir},
     * no LAN discovery, no per-address claim limit (every client of a test comes from 127.0.0.1), everything else at
     * its default.
     */
    public static ParleyConfig ephemeral(Path dataDir) {
        ParleyConfig d = defaults();
        return d.toBuilder().dataDir(dataDir).bind("127.0.0.1").httpPort(0).mqttPort(0).wsPort(0).discovery(false)
                .tls(d.tls().withPorts(0, 0, 0)).claimsPerMinute(0).build();
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
        return toBuilder().dataDir(dir).build();
    }

    public ParleyConfig withBind(String address) {
        return toBuilder().bind(address).build();
    }

    public ParleyConfig withPorts(int http, int mqtt, int ws) {
        return toBuilder().httpPort(http).mqttPort(mqtt).wsPort(ws).build();
    }

    public ParleyConfig withRetention(Retention newRetention) {
        return toBuilder().retention(newRetention).build();
    }

    public ParleyConfig withLimits(int textChars, int payloadBytes) {
        return toBuilder().maxTextChars(textChars).maxPayloadBytes(payloadBytes).build();
    }

    public ParleyConfig withDiscovery(boolean advertise) {
        return toBuilder().discovery(advertise).build();
    }

    public ParleyConfig withDurability(Durability newDurability) {
        return toBuilder().durability(newDurability).build();
    }

    public ParleyConfig withRateLimit(RateLimit newRateLimit) {
        return toBuilder().rateLimit(newRateLimit).build();
    }

    public ParleyConfig withAuth(AuthMode mode) {
        return toBuilder().auth(mode).build();
    }

    public ParleyConfig withAccess(Access newAccess) {
        return toBuilder().access(newAccess).build();
    }

    public ParleyConfig withAdminToken(String token) {
        return toBuilder().adminToken(token).build();
    }

    public ParleyConfig withTls(TlsSettings newTls) {
        return toBuilder().tls(newTls).build();
    }

    public ParleyConfig withClientLimits(ClientLimits limits) {
        return toBuilder().clientLimits(limits).build();
    }

    public ParleyConfig withAllowedOrigins(java.util.List<String> origins) {
        return toBuilder().allowedOrigins(origins).build();
    }

    public ParleyConfig withClaimsPerMinute(int claims) {
        return toBuilder().claimsPerMinute(claims).build();
    }

    public ParleyConfig withFiles(FileLimits newFiles) {
        return toBuilder().files(newFiles).build();
    }

    public ParleyConfig withPush(PushSettings newPush) {
        return toBuilder().push(newPush).build();
    }

    public ParleyConfig withBridge(BridgeConfig newBridge) {
        return toBuilder().bridge(newBridge).build();
    }

    public ParleyConfig withHooks(HookSettings newHooks) {
        return toBuilder().hooks(newHooks).build();
    }

    public ParleyConfig withStore(StoreSettings newStore) {
        return toBuilder().store(newStore).build();
    }

    public ParleyConfig withWebNode(WebNodeSettings newWebNode) {
        return toBuilder().webNode(newWebNode).build();
    }

    public ParleyConfig withTypingMaxPeople(int people) {
        return toBuilder().typingMaxPeople(people).build();
    }

    /** A builder holding this configuration's values, to change some of them: {@code c.toBuilder().bind(…).build()}. */
    public Builder toBuilder() {
        var b = new Builder();
        b.name = name;
        b.bind = bind;
        b.httpPort = httpPort;
        b.mqttPort = mqttPort;
        b.wsPort = wsPort;
        b.dataDir = dataDir;
        b.auth = auth;
        b.brokerPersistence = brokerPersistence;
        b.durability = durability;
        b.retention = retention;
        b.prefix = prefix;
        b.maxTextChars = maxTextChars;
        b.maxPayloadBytes = maxPayloadBytes;
        b.rateLimit = rateLimit;
        b.adminToken = adminToken;
        b.metricsPublic = metricsPublic;
        b.webDir = webDir;
        b.verbose = verbose;
        b.discovery = discovery;
        b.tls = tls;
        b.clientLimits = clientLimits;
        b.access = access;
        b.bridge = bridge;
        b.allowedOrigins = allowedOrigins;
        b.claimsPerMinute = claimsPerMinute;
        b.hooks = hooks;
        b.files = files;
        b.store = store;
        b.push = push;
        b.webNode = webNode;
        b.typingMaxPeople = typingMaxPeople;
        return b;
    }

    /** Mutable copy of a configuration; {@link #build()} checks the values like the record's constructor does. */
    public static final class Builder {
        private String name;
        private String bind;
        private int httpPort;
        private int mqttPort;
        private int wsPort;
        private Path dataDir;
        private AuthMode auth;
        private BrokerPersistence brokerPersistence;
        private Durability durability;
        private Retention retention;
        private String prefix;
        private int maxTextChars;
        private int maxPayloadBytes;
        private RateLimit rateLimit;
        private String adminToken;
        private boolean metricsPublic;
        private Path webDir;
        private boolean verbose;
        private boolean discovery;
        private TlsSettings tls;
        private ClientLimits clientLimits;
        private Access access;
        private BridgeConfig bridge;
        private java.util.List<String> allowedOrigins = java.util.List.of();
        private int claimsPerMinute;
        private HookSettings hooks;
        private FileLimits files;
        private StoreSettings store = StoreSettings.sqlite();
        private PushSettings push;
        private WebNodeSettings webNode = WebNodeSettings.none();
        private int typingMaxPeople;

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder bind(String value) {
            this.bind = value;
            return this;
        }

        public Builder httpPort(int value) {
            this.httpPort = value;
            return this;
        }

        public Builder mqttPort(int value) {
            this.mqttPort = value;
            return this;
        }

        public Builder wsPort(int value) {
            this.wsPort = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder auth(AuthMode value) {
            this.auth = value;
            return this;
        }

        public Builder brokerPersistence(BrokerPersistence value) {
            this.brokerPersistence = value;
            return this;
        }

        public Builder durability(Durability value) {
            this.durability = value;
            return this;
        }

        public Builder retention(Retention value) {
            this.retention = value;
            return this;
        }

        public Builder prefix(String value) {
            this.prefix = value;
            return this;
        }

        public Builder maxTextChars(int value) {
            this.maxTextChars = value;
            return this;
        }

        public Builder maxPayloadBytes(int value) {
            this.maxPayloadBytes = value;
            return this;
        }

        public Builder rateLimit(RateLimit value) {
            this.rateLimit = value;
            return this;
        }

        public Builder adminToken(String value) {
            this.adminToken = value;
            return this;
        }

        public Builder metricsPublic(boolean value) {
            this.metricsPublic = value;
            return this;
        }

        public Builder webDir(Path value) {
            this.webDir = value;
            return this;
        }

        public Builder verbose(boolean value) {
            this.verbose = value;
            return this;
        }

        public Builder discovery(boolean value) {
            this.discovery = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            this.tls = value;
            return this;
        }

        public Builder clientLimits(ClientLimits value) {
            this.clientLimits = value;
            return this;
        }

        public Builder access(Access value) {
            this.access = value;
            return this;
        }

        public Builder bridge(BridgeConfig value) {
            this.bridge = value;
            return this;
        }

        public Builder allowedOrigins(java.util.List<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        public Builder claimsPerMinute(int value) {
            this.claimsPerMinute = value;
            return this;
        }

        public Builder hooks(HookSettings value) {
            this.hooks = value;
            return this;
        }

        public Builder files(FileLimits value) {
            this.files = value;
            return this;
        }

        public Builder store(StoreSettings value) {
            this.store = value;
            return this;
        }

        public Builder push(PushSettings value) {
            this.push = value;
            return this;
        }

        public Builder webNode(WebNodeSettings value) {
            this.webNode = value;
            return this;
        }

        public Builder typingMaxPeople(int value) {
            this.typingMaxPeople = value;
            return this;
        }

        public ParleyConfig build() {
            return new ParleyConfig(name, bind, httpPort, mqttPort, wsPort, dataDir, auth, brokerPersistence,
                    durability, retention, prefix, maxTextChars, maxPayloadBytes, rateLimit, adminToken, metricsPublic,
                    webDir, verbose, discovery, tls, clientLimits, access, bridge, allowedOrigins,
                    claimsPerMinute, hooks, files, store, push, webNode, typingMaxPeople);
        }
    }
}
