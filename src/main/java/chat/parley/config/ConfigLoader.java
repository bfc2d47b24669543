package chat.parley.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link ParleyConfig} from four layers, each overriding the one before: defaults, the YAML file, the
 * {@code PARLEY_*} environment, command-line flags. The only class that reads configuration files or the environment.
 */
public final class ConfigLoader {

    /** The file read when no {@code --config} is given and it exists. */
    public static final Path DEFAULT_FILE = Path.of("config", "parley.yml");
    /** The environment variable naming a config file, like {@code --config}. */
    public static final String CONFIG_ENV = "PARLEY_CONFIG";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> values = Settings.defaults();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param configFile the file named by {@code --config}, or {@code null} for {@code PARLEY_CONFIG} or else
     *                   {@code config/parley.yml} if it exists
     * @param env        the environment (only {@code PARLEY_*} entries are read)
     * @param flags      setting key → value given on the command line
     * @throws ConfigException naming the setting and its source when anything is wrong
     */
    public static ParleyConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        var loader = new ConfigLoader();
        Path file = configFile;
        if (file == null && env.containsKey(CONFIG_ENV)) {
            file = Path.of(env.get(CONFIG_ENV));
        }
        if (file != null) {
            loader.readFile(file);
        } else if (Files.isRegularFile(DEFAULT_FILE)) {
            loader.readFile(DEFAULT_FILE);
        }
        loader.readEnv(env);
        flags.forEach((key, value) -> loader.put(key, value, "--" + key));
        return fromValues(loader.values, loader.sources);
    }

    private void readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw new ConfigException("cannot read config file " + file + ": " + why);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + ": expected settings as 'key: value' lines");
        }
        flatten("", root, file.toString());
    }

    private void flatten(String prefix, JsonNode node, String source) {
        node.fields().forEachRemaining(entry -> {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + "-", value, source);
            } else if (value.isNull()) {
                put(key, "", source);
            } else if (value.isValueNode()) {
                put(key, value.asText(), source);
            } else {
                throw new ConfigException(key + ": expected a single value in " + source);
            }
        });
    }

    private void readEnv(Map<String, String> env) {
        env.forEach((name, value) -> {
            if (name.startsWith("PARLEY_") && !name.equals(CONFIG_ENV)) {
                String key = name.substring("PARLEY_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
                put(key, value, name);
            }
        });
    }

    private void put(String key, String value, String source) {
        if (Settings.byKey(key).isEmpty()) {
            String where = source.startsWith("PARLEY_") || source.startsWith("--") ? source : key + " in " + source;
            throw new ConfigException("unknown setting " + where + " (see --help for the list)");
        }
        values.put(key, value);
        sources.put(key, source);
    }

    /** Converts checked raw values into the config record; {@code sources} names where each value came from. */
    static ParleyConfig fromValues(Map<String, String> raw, Map<String, String> sources) {
        var v = new SettingValues(raw, sources);
        return new ParleyConfig(
                v.string(Settings.NAME),
                v.string(Settings.BIND),
                v.port(Settings.HTTP_PORT),
                v.port(Settings.MQTT_PORT),
                v.port(Settings.WS_PORT),
                v.path(Settings.DATA_DIR),
                AuthMode.valueOf(v.choice(Settings.AUTH).toUpperCase(Locale.ROOT)),
                BrokerPersistence.valueOf(v.choice(Settings.BROKER_PERSISTENCE).toUpperCase(Locale.ROOT)),
                Durability.valueOf(v.choice(Settings.DURABILITY).toUpperCase(Locale.ROOT)),
                new Retention(v.duration(Settings.RETENTION_MAX_AGE), v.count(Settings.RETENTION_MAX_MESSAGES),
                        v.roomRetention(Settings.RETENTION_ROOMS)),
                v.string(Settings.PREFIX),
                v.positiveInt(Settings.MAX_TEXT_CHARS),
                v.positiveInt(Settings.MAX_PAYLOAD_BYTES),
                new ParleyConfig.RateLimit(v.positiveInt(Settings.RATE_LIMIT), v.positiveInt(Settings.RATE_BURST)),
                v.string(Settings.ADMIN_TOKEN),
                v.bool(Settings.METRICS_PUBLIC),
                v.optionalPath(Settings.WEB_DIR),
                v.bool(Settings.VERBOSE),
                v.bool(Settings.DISCOVERY),
                new TlsSettings(TlsMode.valueOf(v.choice(Settings.TLS).toUpperCase(Locale.ROOT)),
                        v.optionalPath(Settings.TLS_CERT), v.optionalPath(Settings.TLS_KEY), v.port(Settings.MQTTS_PORT),
                        v.port(Settings.WSS_PORT), v.port(Settings.HTTPS_PORT), v.bool(Settings.PLAIN_LISTENERS)),
                new ClientLimits(v.count(Settings.MAX_CONNECTIONS_PER_IP), v.count(Settings.MAX_SUBSCRIPTIONS),
                        v.count(Settings.MAX_PACKET_BYTES)),
                new ParleyConfig.Access(v.bool(Settings.ANONYMOUS), v.bool(Settings.SELF_SIGNUP)),
                v.bridge(),
                v.origins(Settings.ALLOWED_ORIGINS),
                v.count(Settings.CLAIMS_PER_MINUTE),
                v.hooks(),
                new FileLimits(v.bytes(Settings.MAX_FILE_BYTES), v.bytes(Settings.FILE_QUOTA_BYTES),
                        v.bool(Settings.KEEP_EXIF), v.positiveInt(Settings.MAX_IMAGE_MEGAPIXELS)),
                v.store(),
                v.push(),
                v.webNode(),
                v.count(Settings.TYPING_MAX_PEOPLE));
    }
}
