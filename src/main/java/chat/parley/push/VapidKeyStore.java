package chat.parley.push;

import chat.parley.db.SqlStore;
import com.interaso.webpush.VapidKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The server's VAPID key pair (P-256), one row of {@code push_keys} in the database every node shares: browsers
 * subscribe with its public half on whichever web node they use, and the broker that sends the pushes signs with its
 * private half, so there is one pair per database, made by whichever process starts first. It must outlive restarts,
 * or every subscription is lost. A server that kept it in {@code push-vapid.keys} in its data dir (before it moved
 * into the database) has it imported from there at its next start; the file is left as it was.
 */
final class VapidKeyStore {

    /** Where the key pair was kept before: two lines, the public key (X.509, base64) and the private key (PKCS#8). */
    static final String LEGACY_FILE = "push-vapid.keys";

    private static final String READ = "SELECT public_key, private_key FROM push_keys WHERE id = 1";
    /** The first process to start makes the pair; one that loses the race reads the winner's. */
    private static final String INSERT = "INSERT INTO push_keys (id, public_key, private_key) VALUES (1, ?, ?) "
            + "ON CONFLICT (id) DO NOTHING";

    private VapidKeyStore() {
    }

    /** The database's key pair: the one kept there, else the data dir's old file, else a new one. */
    static VapidKeys loadOrCreate(SqlStore database, Path dataDir) throws IOException, SQLException {
        var kept = read(database);
        if (kept != null) {
            return kept;
        }
        VapidKeys keys = fromLegacyFile(dataDir.resolve(LEGACY_FILE));
        if (keys == null) {
            keys = VapidKeys.generate();
        }
        database.update(INSERT, keys.getX509PublicKey(), keys.getPkcs8PrivateKey());
        return read(database);
    }

    private static VapidKeys read(SqlStore database) throws SQLException, IOException {
        List<String[]> rows = database.query(READ, rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (rows.isEmpty()) {
            return null;
        }
        try {
            return VapidKeys.create(rows.get(0)[0].trim(), rows.get(0)[1].trim());
        } catch (RuntimeException e) {
            throw new IOException("the Web Push key pair in the database (table push_keys) is not valid ("
                    + e.getMessage() + "): delete its row to make a new one; browsers then subscribe again", e);
        }
    }

    private static VapidKeys fromLegacyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        try {
            if (lines.size() >= 2) {
                return VapidKeys.create(lines.get(0).trim(), lines.get(1).trim());
            }
        } catch (RuntimeException e) {
            // named below
        }
        throw new IOException(file + " holds no valid key pair to import: delete it to make a new one; browsers "
                + "then subscribe again");
    }
}
