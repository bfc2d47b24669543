package chat.parley.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The Parley server jar that {@link ParleyExtension} runs. It travels inside this artifact (as a resource, so none of
 * its classes is ever on the test's classpath) and is copied once into a cache directory, where the JVM can run it and
 * keep its class-data archive next to it. System property {@code parley.testing.jar} (or environment variable
 * {@code PARLEY_TESTING_JAR}) names another jar to run instead, e.g. one built from source.
 */
final class ServerJar {

    /** Where the server jar sits inside this artifact (parley-testing's pom copies it there). */
    static final String RESOURCE = "chat/parley/testing/server/parley.jar";
    static final String JAR_PROPERTY = "parley.testing.jar";
    static final String JAR_ENV = "PARLEY_TESTING_JAR";
    static final String CACHE_PROPERTY = "parley.testing.cache";

    private static final int UNUSED_DAYS = 30;

    private static Path extracted;

    private ServerJar() {
    }

    /**
     * The jar to run: the one named by {@code parley.testing.jar} / {@code PARLEY_TESTING_JAR}, else the embedded one,
     * copied into the cache on first use.
     *
     * @throws ParleyStartException when the named jar is missing or this artifact holds none
     */
    static synchronized Path locate() {
        String named = System.getProperty(JAR_PROPERTY, System.getenv(JAR_ENV));
        if (named != null && !named.isBlank()) {
            Path jar = Path.of(named).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new ParleyStartException("the Parley server jar " + jar + " (named by -D" + JAR_PROPERTY
                        + " or " + JAR_ENV + ") does not exist");
            }
            return jar;
        }
        if (extracted == null || !Files.isRegularFile(extracted)) {
            extracted = extractEmbedded();
        }
        return extracted;
    }

    private static Path extractEmbedded() {
        URL url = ServerJar.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new ParleyStartException("this parley-testing artifact holds no server jar (" + RESOURCE
                    + "): it was built without the server; build both with 'mvn install' in Parley's checkout, or "
                    + "name a jar with -D" + JAR_PROPERTY + "=…/parley.jar");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()); // parley-testing's own build (target/classes): run it where it is
            } catch (URISyntaxException e) {
                throw new ParleyStartException("cannot locate the Parley server jar at " + url, e);
            }
        }
        try {
            ZipEntry entry = entry(url);
            Path dir = cacheRoot().resolve(entry == null ? "dev-" + url.openConnection().getLastModified()
                    : String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize()));
            Path jar = dir.resolve("parley.jar");
            if (Files.isRegularFile(jar) && (entry == null || Files.size(jar) == entry.getSize())) {
                Files.setLastModifiedTime(dir, FileTime.from(Instant.now())); // in use: see pruneUnused
                return jar;
            }
            createPrivateDirectories(dir);
            Path partial = Files.createTempFile(dir, "parley.jar.", ".partial");
            try (InputStream in = url.openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            moveIntoPlace(partial, jar);
            pruneUnused(dir.getParent());
            return jar;
        } catch (IOException e) {
            throw new ParleyStartException("cannot copy the Parley server jar out of parley-testing: " + e, e);
        }
    }

    /**
     * The jar entry behind a {@code jar:} URL, whose CRC and size name the cache directory (so a new server jar gets a
     * new one without reading 75 MB to hash it); {@code null} when the resource is a plain file (target/classes).
     */
    private static ZipEntry entry(URL url) throws IOException {
        if (!"jar".equals(url.getProtocol())) {
            return null;
        }
        var connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (var jarFile = connection.getJarFile()) {
            return jarFile.getEntry(connection.getEntryName());
        }
    }

    /**
     * Deletes the jars of other parley-testing versions (and class-data archives) nobody used for {@value #UNUSED_DAYS}
     * days, so that upgrading does not pile up 75 MB a version in the cache.
     */
    private static void pruneUnused(Path root) {
        Instant unusedSince = Instant.now().minus(Duration.ofDays(UNUSED_DAYS));
        try (Stream<Path> entries = Stream.concat(Files.list(root), Files.isDirectory(root.resolve("cds"))
                ? Files.list(root.resolve("cds")) : Stream.empty())) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean ours = name.matches("[0-9a-f]{8}-\\d+|dev-\\d+") || name.endsWith(".jsa");
                if (ours && Files.getLastModifiedTime(entry).toInstant().isBefore(unusedSince)) {
                    ServerLauncher.deleteTree(entry);
                }
            }
        } catch (IOException e) {
            // pruning is housekeeping: the next extraction tries again
        }
    }

    /**
     * {@code -Dparley.testing.cache}, else {@code ~/.cache/parley-testing}, else a directory of this user in the
     * temp dir. The jar is run from here, so it must be a directory only this user can write.
     */
    static Path cacheRoot() throws IOException {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path home = Path.of(System.getProperty("user.home"), ".cache", "parley-testing");
        try {
            createPrivateDirectories(home);
            if (Files.isWritable(home)) {
                return home;
            }
        } catch (IOException | UnsupportedOperationException homeNotWritable) {
            // fall through to the temp dir
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir"),
                "parley-testing-" + System.getProperty("user.name", "user"));
        createPrivateDirectories(temp);
        return temp;
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException raced) {
            // another JVM made it at the same moment
        }
    }

    /** Renames atomically, so that a JVM copying at the same moment never sees half a jar. */
    static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
