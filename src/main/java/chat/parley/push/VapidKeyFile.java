package chat.parley.push;

import chat.parley.OwnerOnly;
import com.interaso.webpush.VapidKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's VAPID key pair (P-256), made on the first start and kept in {@code push-vapid.keys} in the data dir
 * (owner-only): browsers subscribe with its public key, so it must outlive restarts, or every subscription is lost.
 * The file holds two lines: the public key (X.509, base64) and the private key (PKCS#8, base64).
 */
final class VapidKeyFile {

    static final String FILE_NAME = "push-vapid.keys";

    private VapidKeyFile() {
    }

    /** The key pair in {@code dataDir}, made and written there first if there is none. */
    static VapidKeys loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 2) {
                throw new IOException(file + " is damaged (two lines expected): delete it to make a new key pair; "
                        + "browsers then subscribe again");
            }
            try {
                return VapidKeys.create(lines.get(0).trim(), lines.get(1).trim());
            } catch (RuntimeException e) {
                throw new IOException(file + " holds no valid key pair (" + e.getMessage() + "): delete it to make a "
                        + "new one; browsers then subscribe again", e);
            }
        }
        VapidKeys keys = VapidKeys.generate();
        OwnerOnly.writeString(file, keys.getX509PublicKey() + "\n" + keys.getPkcs8PrivateKey() + "\n");
        return keys;
    }
}
