package chat.parley.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Raw string values of settings, converted one at a time with errors that name the setting and its source. */
final class SettingValues {

    private static final java.util.regex.Pattern BYTES =
            java.util.regex.Pattern.compile("(\\d{1,15})\\s*([KMG]I?B?|B)?");

    private final Map<String, String> raw;
    private final Map<String, String> sources;

    SettingValues(Map<String, String> raw, Map<String, String> sources) {
        this.raw = raw;
        this.sources = sources;
    }

    String string(Setting s) {
        return raw.get(s.key()).trim();
    }

    int port(Setting s) {
        int port = integer(s, "a port number from 0 to 65535");
        if (port < 0 || port > 65535) {
            throw fail(s, "must be a port number from 0 to 65535");
        }
        return port;
    }

    int positiveInt(Setting s) {
        int value = integer(s, "a whole number above 0");
        if (value < 1) {
            throw fail(s, "must be a whole number above 0");
        }
        return value;
    }

    int count(Setting s) {
        int value = integer(s, "a whole number, 0 or more");
        if (value < 0) {
            throw fail(s, "must be a whole number, 0 or more");
        }
        return value;
    }

    /** A size in bytes: a whole number, or with a unit: {@code 512KB}, {@code 25MB}, {@code 2GB} (powers of 1024). */
    long bytes(Setting s) {
        var m = BYTES.matcher(string(s).toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw fail(s, "must be a size in bytes such as 1048576, 512KB, 25MB or 2GB");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).substring(0, 1);
        int shift = switch (unit) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value > (Long.MAX_VALUE >> shift)) {
            throw fail(s, "is too large");
        }
        return value << shift;
    }

    java.time.Duration duration(Setting s) {
        try {
            return Durations.parse(string(s));
        } catch (IllegalArgumentException e) {
            throw fail(s, e.getMessage());
        }
    }

    /** Per-room retention overrides: {@code room:max-age:max-messages}, comma-separated. */
    java.util.Map<String, Retention.Limits> roomRetention(Setting s) {
        var rooms = new java.util.LinkedHashMap<String, Retention.Limits>();
        for (String entry : string(s).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length != 3 || !parts[0].matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw fail(s, "entries must look like room:max-age:max-messages (e.g. scratch:1d:100)");
            }
            try {
                int max = Integer.parseInt(parts[2]);
                if (max < 0) {
                    throw new NumberFormatException();
                }
                rooms.put(parts[0], new Retention.Limits(Durations.parse(parts[1]), max));
            } catch (IllegalArgumentException e) {
                throw fail(s, "entries must look like room:max-age:max-messages (e.g. scratch:1d:100)");
            }
        }
        return rooms;
    }

    /** Where the history lives; the password from {@code postgres-password} or the file it names, not both. */
    StoreSettings store() {
        String password = raw.get(Settings.POSTGRES_PASSWORD.key());
        Path passwordFile = optionalPath(Settings.POSTGRES_PASSWORD_FILE);
        if (passwordFile != null) {
            if (!password.isEmpty()) {
                throw fail(Settings.POSTGRES_PASSWORD_FILE, "give the password either here or in postgres-password, "
                        + "not both");
            }
            try {
                password = java.nio.file.Files.readString(passwordFile).lines().findFirst().orElse("");
            } catch (java.io.IOException e) {
                throw fail(Settings.POSTGRES_PASSWORD_FILE, "cannot read " + passwordFile + " (" + e + ")");
            }
        }
        try {
            return new StoreSettings(StoreSettings.Kind.valueOf(choice(Settings.STORE).toUpperCase(Locale.ROOT)),
                    string(Settings.POSTGRES_URL), string(Settings.POSTGRES_USER), password,
                    positiveInt(Settings.POSTGRES_POOL_SIZE));
        } catch (ConfigException e) {
            String key = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            String source = sources.get(key);
            throw source == null ? e : new ConfigException(e.getMessage() + " (from " + source + ")");
        }
    }

    /** Web node mode and the node secret; a bad value names the setting it came from. */
    WebNodeSettings webNode() {
        String secret = string(Settings.NODE_SECRET);
        Path secretFile = optionalPath(Settings.NODE_SECRET_FILE);
        if (secretFile != null) {
            if (!secret.isEmpty()) {
                throw fail(Settings.NODE_SECRET_FILE, "give the secret either here or in node-secret, not both");
            }
            try {
                secret = java.nio.file.Files.readString(secretFile).lines().findFirst().orElse("").trim();
            } catch (java.io.IOException e) {
                throw fail(Settings.NODE_SECRET_FILE, "cannot read " + secretFile + " (" + e + ")");
            }
        }
        try {
            return new WebNodeSettings(string(Settings.BROKER_URL), string(Settings.BROKER_WS_URL), secret,
                    optionalPath(Settings.BROKER_CA_FILE));
        } catch (ConfigException e) {
            String key = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            String source = sources.get(key);
            throw source == null ? e : new ConfigException(e.getMessage() + " (from " + source + ")");
        }
    }

    /** The Web Push settings; a bad value names the setting it came from. */
    PushSettings push() {
        try {
            return new PushSettings(bool(Settings.WEB_PUSH), string(Settings.WEB_PUSH_SUBJECT),
                    PushSettings.parseServices(string(Settings.WEB_PUSH_SERVICES)));
        } catch (ConfigException e) {
            String key = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            String source = sources.get(key);
            throw source == null ? e : new ConfigException(e.getMessage() + " (from " + source + ")");
        }
    }

    /** The bridge settings; a bad value names the setting it came from. */
    BridgeConfig bridge() {
        try {
            return new BridgeConfig(bool(Settings.BRIDGE_ENABLED), string(Settings.BRIDGE_URL),
                    string(Settings.BRIDGE_USERNAME), raw.get(Settings.BRIDGE_PASSWORD.key()),
                    string(Settings.BRIDGE_REMOTE_PREFIX), BridgeConfig.parseRooms(string(Settings.BRIDGE_ROOMS)),
                    count(Settings.BRIDGE_QOS), positiveInt(Settings.BRIDGE_QUEUE_MAX),
                    bytes(Settings.BRIDGE_MAX_FILE_BYTES));
        } catch (ConfigException e) {
            String key = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            String source = sources.get(key);
            throw source == null || e.getMessage().contains("(from ") ? e
                    : new ConfigException(e.getMessage() + " (from " + source + ")");
        }
    }

    /** The settings of bots and webhooks; a bad value names its setting. */
    HookSettings hooks() {
        WebhookTargets targets;
        try {
            targets = WebhookTargets.parse(string(Settings.WEBHOOK_TARGETS));
        } catch (ConfigException e) {
            String source = sources.get(Settings.WEBHOOK_TARGETS.key());
            throw source == null ? e : new ConfigException(e.getMessage() + " (from " + source + ")");
        }
        return new HookSettings(new ParleyConfig.RateLimit(positiveInt(Settings.POST_RATE_LIMIT),
                positiveInt(Settings.POST_RATE_BURST)), targets, positiveInt(Settings.WEBHOOK_QUEUE_MAX));
    }

    /** Web origins, comma-separated, each {@code http(s)://host[:port]}; kept in lower case, no trailing slash. */
    java.util.List<String> origins(Setting s) {
        var origins = new java.util.ArrayList<String>();
        for (String entry : string(s).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String origin = ParleyConfig.normaliseOrigin(entry);
            if (origin == null) {
                throw fail(s, "entries must look like https://chat.example.com or http://host:8080");
            }
            origins.add(origin);
        }
        return java.util.List.copyOf(origins);
    }

    Path path(Setting s) {
        String value = string(s);
        if (value.isEmpty()) {
            throw fail(s, "must not be empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw fail(s, "is not a valid path");
        }
    }

    Path optionalPath(Setting s) {
        return string(s).isEmpty() ? null : path(s);
    }

    String choice(Setting s) {
        String value = string(s).toLowerCase(Locale.ROOT);
        if (value.equals("false") && s.choices().contains("off")) {
            value = "off"; // YAML 1.1 reads an unquoted `off` as the boolean false
        }
        if (!s.choices().contains(value)) {
            throw fail(s, "must be one of " + String.join(", ", s.choices()));
        }
        return value;
    }

    boolean bool(Setting s) {
        return switch (string(s).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw fail(s, "must be true or false");
        };
    }

    private int integer(Setting s, String expected) {
        try {
            return Integer.parseInt(string(s));
        } catch (NumberFormatException e) {
            throw fail(s, "must be " + expected);
        }
    }

    private ConfigException fail(Setting s, String problem) {
        String source = sources.get(s.key());
        String where = source == null ? "" : " (from " + source + ")";
        return new ConfigException(s.key() + ": " + problem + ", got '" + raw.get(s.key()) + "'" + where);
    }
}
