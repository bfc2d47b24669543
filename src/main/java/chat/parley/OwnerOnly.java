package chat.parley;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files only their owner can read: private keys, key stores, the admin token, the broker's config, the data
 * dir and the database.
 */
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

    /**
     * Makes an existing file owner-only ({@code rw-------}, {@code rwx------} for a directory); nothing when it is
     * missing or the file system has no POSIX permissions.
     */
    public static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data dir's own permissions protect it
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing to protect (SQLite deletes its -wal and -shm at a clean close)
        }
    }

    /** Whether group or others may use a file or directory (false on a file system without POSIX permissions). */
    public static boolean isShared(Path path) throws IOException {
        try {
            return Files.getPosixFilePermissions(path).stream().anyMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** Writes text to a new owner-only file, replacing any file there. */
    public static void writeString(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        createFile(file);
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
