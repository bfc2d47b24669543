package chat.parley.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The AppCDS archive (JDK 13+ dynamic class-data sharing) of the server jar's classes, which takes a server's start
 * from ~2.5 s to ~1.3 s on a 2-core machine. The first server run for a jar and Java records its classes when it
 * exits ({@code -XX:ArchiveClassesAtExit}); every later one maps them ({@code -XX:SharedArchiveFile}). The JVM checks
 * the archive against the jar and itself and ignores one that does not match, so a stale archive costs only time;
 * still, the archive's name carries the jar's size and time and the Java executable, so a rebuilt jar gets a new one.
 */
final class ClassDataArchive {

    /** A recording older than this was abandoned (its JVM was killed): another server may record again. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private final Path archive;
    private final Path lock;
    private final Path recording;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
        this.lock = archive.resolveSibling(archive.getFileName() + ".lock");
        this.recording = archive.resolveSibling(archive.getFileName() + ".recording");
    }

    /** The archive for this jar run by this Java, kept in {@code dir}. */
    static ClassDataArchive of(Path dir, Path jar, Path java, List<String> jvmArgs) throws IOException {
        String owner = sha256(jar.toAbsolutePath() + "\n" + java.toAbsolutePath() + "\n" + String.join(" ", jvmArgs));
        String version = sha256(Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis() + "/"
                + (Files.exists(java) ? Files.getLastModifiedTime(java.toRealPath()).toMillis() : 0));
        Files.createDirectories(dir);
        return new ClassDataArchive(dir.resolve(owner.substring(0, 16) + "-" + version.substring(0, 16) + ".jsa"));
    }

    /**
     * The JVM options for the next server: use the archive if there is one; else record it, unless another server is
     * recording already (then none). The JVM's warnings go to stderr, never beside the ports line, and its CDS messages
     * nowhere: recording names every class it cannot archive (hundreds of lines, which would bury the server's own).
     */
    List<String> jvmOptions() throws IOException {
        List<String> quiet = List.of("-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Xlog:cds*=off:stderr");
        if (Files.isRegularFile(archive)) {
            return concat(quiet, "-XX:SharedArchiveFile=" + archive);
        }
        if (claimRecording()) {
            removeOlderVersions();
            return concat(quiet, "-XX:ArchiveClassesAtExit=" + recording);
        }
        return quiet;
    }

    /** After a server's JVM exited: a complete recording becomes the archive. */
    void afterExit(boolean recorded, int exitCode) {
        if (!recorded) {
            return;
        }
        try {
            if (exitCode == 0 && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                ServerJar.moveIntoPlace(recording, archive);
            } else {
                Files.deleteIfExists(recording);
            }
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            // the next server records again; nothing else depends on the archive
        }
    }

    /** Whether {@code options} (from {@link #jvmOptions()}) records the archive. */
    static boolean records(List<String> options) {
        return options.stream().anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
    }

    private boolean claimRecording() throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            FileTime claimed = Files.getLastModifiedTime(lock);
            if (claimed.toInstant().isBefore(Instant.now().minus(ABANDONED))) {
                Files.deleteIfExists(lock);
                return claimRecording();
            }
            return false;
        }
    }

    /** Archives of earlier builds of the same jar (same path, other size or time) are of no more use. */
    private void removeOlderVersions() throws IOException {
        String name = archive.getFileName().toString();
        String owner = name.substring(0, name.indexOf('-') + 1);
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path file : files.toList()) {
                String other = file.getFileName().toString();
                if (other.startsWith(owner) && other.endsWith(".jsa") && !other.equals(name)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static List<String> concat(List<String> options, String option) {
        return Stream.concat(options.stream(), Stream.of(option)).toList();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
