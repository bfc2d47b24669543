package chat.parley;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in every test JVM before its first test (a JUnit {@link LauncherSessionListener}, registered in
 * {@code META-INF/services}): creates the directory the build gives sqlite-jdbc for its native library
 * ({@code -Dorg.sqlite.tmpdir}, one per fork, see pom.xml), which sqlite-jdbc does not create itself.
 */
public final class ForkSetup implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String dir = System.getProperty("org.sqlite.tmpdir");
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create sqlite-jdbc's native library dir " + dir, e);
        }
    }
}
