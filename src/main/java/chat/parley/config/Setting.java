package chat.parley.config;

import java.util.List;

/**
 * One configuration setting: its one name (used as the YAML key, the {@code PARLEY_} environment variable and the
 * command-line flag), its kind of value, its default and a one-line description.
 */
public record Setting(String key, Kind kind, String defaultValue, String description, List<String> choices) {

    /** The kinds of value a setting can hold; each knows how to check a raw string. */
    public enum Kind { PORT, POSITIVE_INT, COUNT, DURATION, STRING, PATH, CHOICE, BOOLEAN, BYTES }

    public Setting {
        if (!key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("setting key must be lower-case words joined by dashes: " + key);
        }
        choices = List.copyOf(choices);
    }

    static Setting of(String key, Kind kind, String defaultValue, String description) {
        return new Setting(key, kind, defaultValue, description, List.of());
    }

    static Setting choice(String key, String defaultValue, String description, String... choices) {
        return new Setting(key, Kind.CHOICE, defaultValue, description, List.of(choices));
    }

    /** The environment variable for this setting, e.g. {@code PARLEY_HTTP_PORT}. */
    public String envName() {
        return "PARLEY_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The command-line flag for this setting, e.g. {@code --http-port}. */
    public String flag() {
        return "--" + key;
    }
}
