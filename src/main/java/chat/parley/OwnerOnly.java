package chat.parley;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates files only their owner can read: private keys, key stores, the admin token, the broker's config. */
public final class OwnerOnly {

    private OwnerOnly() {
    }

    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the data dir's own permissions protect it
        }
    }

    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /** Writes text to a new owner-only file, replacing any file there. */
    public static void writeString(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        createFile(file);
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
