package chat.parley;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks, before the broker starts in somebody else's JVM, that the libraries HiveMQ shares with applications are not
 * older than the ones it needs. An application's own dependencies (hivemq-mqtt-client 1.3 brings Netty 4.1.122 and
 * JCTools 2.1.2; Reactor Netty, gRPC … bring their Netty) can win Maven's nearest-wins, and HiveMQ then fails deep inside
 * Guice ({@code InstantiationError: MpscLinkedQueue}); this says so in one line and points to {@code parley-testing},
 * which runs Parley in its own JVM. Each version is read from the jar the library's class was actually loaded from.
 */
final class SharedLibraries {

    /** A library module HiveMQ uses, a class only it holds, and the key of the version it needs. */
    private record Module(String name, String groupId, String artifactId, String className, String neededKey) {
    }

    private static final List<Module> MODULES = List.of(
            netty("netty-common", "io.netty.util.Version"),
            netty("netty-buffer", "io.netty.buffer.ByteBuf"),
            netty("netty-transport", "io.netty.channel.Channel"),
            netty("netty-codec", "io.netty.handler.codec.ByteToMessageDecoder"),
            netty("netty-handler", "io.netty.handler.ssl.SslHandler"),
            netty("netty-codec-http", "io.netty.handler.codec.http.HttpObjectDecoder"),
            new Module("JCTools", "org.jctools", "jctools-core", "org.jctools.queues.MpscLinkedQueue",
                    "jctools.version"));

    private static Module netty(String artifactId, String className) {
        return new Module("Netty", "io.netty", artifactId, className, "netty.version");
    }

    private SharedLibraries() {
    }

    /** @throws StartupException naming the older library, the jar it came from, and the way out */
    static void requireCompatible() {
        for (Module module : MODULES) {
            Version.built(module.neededKey()).ifPresent(needed -> loadedVersion(module)
                    .filter(found -> isOlder(found.version(), needed))
                    .ifPresent(found -> {
                        throw new StartupException(olderMessage(module.name(), module.artifactId(), found.version(),
                                found.jar(), needed));
                    }));
        }
    }

    static String olderMessage(String name, String artifactId, String found, String jar, String needed) {
        return "the classpath has " + name + " " + found + " (" + artifactId + " from " + jar + "), older than the "
                + needed + " Parley's MQTT broker needs, so Parley cannot run in this JVM: another dependency brings "
                + "the older " + name + "; run Parley in its own JVM with chat.parley:parley-testing (see "
                + "docs/testing.md), or make the build use " + name + " " + needed;
    }

    /** Whether dotted version {@code a} (e.g. 4.1.122.Final) is older than {@code b}, by its numbers. */
    static boolean isOlder(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        return Arrays.compare(x, y) < 0;
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("[^0-9]+")).filter(part -> !part.isEmpty()).limit(3)
                .mapToInt(Integer::parseInt).toArray();
    }

    private record Found(String version, String jar) {
    }

    /** The version in the {@code pom.properties} of the jar that {@code module}'s class came from, if it says. */
    private static Optional<Found> loadedVersion(Module module) {
        try {
            Class<?> type = Class.forName(module.className(), false, SharedLibraries.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !source.getLocation().getPath().endsWith(".jar")) {
                return Optional.empty();
            }
            URL location = source.getLocation();
            var pom = new URL("jar:" + location + "!/META-INF/maven/" + module.groupId() + "/"
                    + module.artifactId() + "/pom.properties");
            var connection = pom.openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                var properties = new Properties();
                properties.load(in);
                String path = location.getPath();
                return Optional.ofNullable(properties.getProperty("version"))
                        .map(version -> new Found(version, path.substring(path.lastIndexOf('/') + 1)));
            }
        } catch (ClassNotFoundException | IOException | SecurityException | LinkageError unknown) {
            return Optional.empty(); // a module that is absent or says nothing is not judged
        }
    }
}
