package chat.parley.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Who this server is on the remote broker, generated once and kept in the data dir: the remote topic prefix (when the
 * config does not set one; {@code bridge-prefix}, like {@code parley-7k3q9x2m4d}) and the site id stamped as
 * {@code origin} on every message it sends ({@code bridge-origin}, the server name as a slug plus a random part, like
 * {@code site-b-4k2m9q}).
 *
 * @param remotePrefix the topic prefix on the remote broker
 * @param origin       this site's id
 */
record BridgeIdentity(String remotePrefix, String origin) {

    static final String PREFIX_FILE = "bridge-prefix";
    static final String ORIGIN_FILE = "bridge-origin";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * Loads the identity, creating what is missing.
     *
     * @param configuredPrefix the configured remote prefix, or empty to use (and make) the saved one
     * @param serverName       the server's name, the readable part of a new origin
     */
    static BridgeIdentity loadOrCreate(Path dataDir, String configuredPrefix, String serverName) throws IOException {
        String prefix = configuredPrefix.isEmpty()
                ? readOrWrite(dataDir.resolve(PREFIX_FILE), "parley-" + random(10)) : configuredPrefix;
        String origin = readOrWrite(dataDir.resolve(ORIGIN_FILE), slug(serverName) + "-" + random(6));
        return new BridgeIdentity(prefix, origin);
    }

    /** A name as lower-case letters, digits and dashes, at most 20 characters, never empty. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 20) {
            slug = slug.substring(0, 20).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "site" : slug;
    }

    private static String readOrWrite(Path file, String fresh) throws IOException {
        if (Files.isRegularFile(file)) {
            String saved = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!saved.isEmpty()) {
                return saved;
            }
        }
        Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8);
        return fresh;
    }

    private static String random(int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
