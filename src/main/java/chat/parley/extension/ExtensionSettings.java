package chat.parley.extension;

import chat.parley.config.ConfigLoader;
import chat.parley.config.ParleyConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * The standalone extension's settings: {@code conf/parley.yml} in its folder, in the same format and with the same
 * keys as Parley's own {@code config/parley.yml} (those about the chat rules and the store apply; listeners, TLS,
 * the web server, the bridge and discovery belong to the broker or to Parley's web nodes and are ignored). A relative
 * {@code data-dir} is taken from the extension's folder, whatever directory HiveMQ was started in.
 */
final class ExtensionSettings {

    /** The settings file, relative to the extension's folder. */
    static final Path FILE = Path.of("conf", "parley.yml");

    private ExtensionSettings() {
    }

    /** Of the broker's environment only {@code PARLEY_NODE_SECRET} applies: a secret is better kept out of files. */
    static Map<String, String> nodeSecretFromEnvironment(Map<String, String> env) {
        String secret = env.get("PARLEY_NODE_SECRET");
        return secret == null ? Map.of() : Map.of("PARLEY_NODE_SECRET", secret);
    }

    /**
     * Reads the settings (the zip ships the file; without it the extension does not start) and makes the data dir,
     * owner-only like Parley's own.
     *
     * @throws chat.parley.config.ConfigException naming the setting when one is wrong
     * @throws chat.parley.StartupException when the data dir cannot be made
     */
    static ParleyConfig load(Path extensionHome) {
        Path file = extensionHome.resolve(FILE);
        ParleyConfig config = ConfigLoader.load(file, nodeSecretFromEnvironment(System.getenv()), Map.of());
        Path dataDir = extensionHome.resolve(config.dataDir()).normalize();
        try {
            chat.parley.OwnerOnly.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new chat.parley.StartupException("cannot create data dir " + dataDir + ": " + e.getMessage(), e);
        }
        return config.withDataDir(dataDir);
    }
}
