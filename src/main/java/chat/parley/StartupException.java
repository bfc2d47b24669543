package chat.parley;

/**
 * Parley could not start. The message is one line for the person running it, naming the setting to change where
 * there is one (e.g. "MQTT port 1883 is already in use; choose another with --mqtt-port").
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
