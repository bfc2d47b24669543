package chat.parley.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Raw string values of settings, converted one at a time with errors that name the setting and its source. */
final class SettingValues {

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
