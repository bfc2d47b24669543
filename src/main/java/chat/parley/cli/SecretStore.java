package chat.parley.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The claim secrets of user names ({@code auth: open}), one per server address and user, in
 * {@code {configDir}/secrets.json}: {@code {"http://host:8080": {"alice": "…"}}}. The directory is made private
 * (700) and the file is written with mode 600, through a temp file and an atomic move.
 */
final class SecretStore {

    static final String FILE = "secrets.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;

    SecretStore(Path dir) {
        this.dir = dir;
    }

    /** The config dir: {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}. */
    static Path defaultDir(String xdgConfigHome, String userHome) {
        if (xdgConfigHome != null && !xdgConfigHome.isBlank() && Path.of(xdgConfigHome).isAbsolute()) {
            return Path.of(xdgConfigHome, "parley");
        }
        return Path.of(userHome, ".config", "parley");
    }

    Path file() {
        return dir.resolve(FILE);
    }

    synchronized Optional<String> secret(String server, String user) {
        return Optional.ofNullable(read().path(server).path(user).textValue());
    }

    synchronized void put(String server, String user, String secret) {
        ObjectNode all = read();
        ObjectNode forServer = all.has(server) && all.get(server).isObject() ? (ObjectNode) all.get(server)
                : all.putObject(server);
        forServer.put(user, secret);
        write(all);
    }

    private ObjectNode read() {
        Path file = file();
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            var node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CliException(file + " is not a JSON object: fix or delete it");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode all) {
        try {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            Path tmp = POSIX ? Files.createTempFile(dir, ".secrets", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".secrets", ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException("cannot write " + file() + ": " + e.getMessage());
        }
    }
}
