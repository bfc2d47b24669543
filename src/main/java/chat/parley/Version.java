package chat.parley;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Parley's version, from the build. */
public final class Version {

    private static final Properties BUILD = load();
    private static final String VERSION = BUILD.getProperty("version", "dev");

    private Version() {
    }

    public static String current() {
        return VERSION;
    }

    /**
     * A library version the build recorded (e.g. {@code netty.version}, the Netty the embedded broker was built with;
     * see SharedLibraries), if it did.
     */
    static java.util.Optional<String> built(String key) {
        String value = BUILD.getProperty(key, "");
        return value.isEmpty() || value.startsWith("$") ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static Properties load() {
        var props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/parley-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // no build information: version "dev"
        }
        return props;
    }
}
