package chat.parley.accounts;

import chat.parley.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the admin API: the configured one, or one generated at first start into
 * {@code {data-dir}/admin-token} (owner-only permissions) and shown once.
 *
 * @param value   the token
 * @param created whether it was generated just now (then it is shown to the person starting the server)
 * @param file    where a generated token is kept, or {@code null} for a configured one
 */
public record AdminToken(String value, boolean created, Path file) {

    static final String FILE_NAME = "admin-token";

    /** The configured token when {@code configured} is not empty, else the saved one, else a new one. */
    public static AdminToken loadOrCreate(Path dataDir, String configured) throws IOException {
        if (!configured.isEmpty()) {
            return new AdminToken(configured, false, null);
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return new AdminToken(Files.readString(file, StandardCharsets.US_ASCII).trim(), false, file);
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            OwnerOnly.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return loadOrCreate(dataDir, configured); // another process made it just now
        }
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        return new AdminToken(token, true, file);
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[" + (file == null ? "configured" : file) + "]"; // never the value: not in logs
    }
}
