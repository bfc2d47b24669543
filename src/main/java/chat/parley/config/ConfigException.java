package chat.parley.config;

/** A configuration problem, described in one line that names the setting and where its value came from. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
