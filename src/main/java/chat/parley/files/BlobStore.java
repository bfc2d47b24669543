package chat.parley.files;

import chat.parley.OwnerOnly;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File bytes stored by content: {@code {data-dir}/files/ab/abcdef…} named by their hex SHA-256, so the same bytes
 * are kept once however often they are shared. Uploads stream into {@code files/tmp} first and are moved in whole
 * (atomically), so a blob is never seen half-written; what is left in {@code tmp} after a crash is removed at start.
 */
final class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path tmp;

    private BlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /** Opens (creating, owner-only) the store under {@code dataDir/files} and empties its temp folder. */
    static BlobStore open(Path dataDir) throws IOException {
        var store = new BlobStore(dataDir.resolve("files"));
        OwnerOnly.createDirectories(store.root);
        OwnerOnly.createDirectories(store.tmp);
        try (Stream<Path> leftovers = Files.list(store.tmp)) {
            for (Path file : leftovers.toList()) {
                Files.deleteIfExists(file);
            }
        }
        return store;
    }

    /** A new empty temp file for an upload in progress; the caller deletes it or hands it to {@link #put}. */
    Path newTempFile() throws IOException {
        return Files.createTempFile(tmp, "upload-", ".part");
    }

    /** Moves {@code temp} in as the blob {@code sha256}; when that blob exists already, {@code temp} is deleted. */
    void put(Path temp, String sha256) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target)) {
            Files.deleteIfExists(temp);
            return;
        }
        OwnerOnly.createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // the same bytes arrived twice at once
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Where the blob lives (it may not exist). */
    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Deletes a blob; false when it was not there. */
    boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
    }

    /** The blobs on disk, by name. */
    Stream<String> all() throws IOException {
        try (Stream<Path> walk = Files.walk(root, 2)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> SHA256.matcher(name).matches())
                    .toList().stream();
        }
    }
}
