package chat.parley.testing;

import chat.parley.ParleyServer;
import chat.parley.config.ParleyConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A JUnit 5 extension that runs one Parley server (MQTT broker + web server) per test class, in the test's JVM, on
 * free ports of 127.0.0.1 with a temp data dir that is deleted afterwards. Any MQTT client can use it in place of a
 * public broker such as {@code broker.hivemq.com}, with no internet and no Docker.
 * <pre>{@code
 * @ExtendWith(ParleyServerExtension.class)
 * class MyAppTest {
 *     @Test
 *     void publishes(ParleyServer parley) {
 *         connect("tcp://127.0.0.1:" + parley.mqttPort());
 *     }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     static ParleyServerExtension parley = new ParleyServerExtension();      // or .withConfig(c -> c.withLimits(…))
 *
 *     @Test
 *     void publishes() {
 *         connect("tcp://127.0.0.1:" + parley.server().mqttPort());
 *     }
 * }
 * }</pre>
 * Starting takes ~2.5 s, stopping ~2 s. HiveMQ's extension services are JVM-wide, so only one Parley server can run
 * in a JVM at a time: do not run test classes that use this extension in parallel in one JVM. A second server
 * is best run as a process ({@code java -jar parley.jar --ephemeral --print-ports}).
 *
 * <p>This is the in-JVM option: the server's libraries (HiveMQ, Netty, Jetty …) share the test's classpath, and an
 * older Netty there stops the server at start with one line. {@code chat.parley:parley-testing}'s
 * {@code chat.parley.testing.ParleyExtension} runs the server in a JVM of its own instead (docs/testing.md).
 */
public final class ParleyServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ParleyServerExtension.class);

    private final UnaryOperator<ParleyConfig> customizer;
    private volatile Running running;

    /** An extension whose server uses {@link ParleyConfig#ephemeral(Path)} as it is. */
    public ParleyServerExtension() {
        this(UnaryOperator.identity());
    }

    private ParleyServerExtension(UnaryOperator<ParleyConfig> customizer) {
        this.customizer = customizer;
    }

    /**
     * An extension whose server configuration is {@code customizer} applied to the ephemeral one, e.g.
     * {@code c -> c.withLimits(100, 1024)}. For {@code @RegisterExtension}.
     */
    public ParleyServerExtension withConfig(UnaryOperator<ParleyConfig> customizer) {
        Objects.requireNonNull(customizer, "customizer must not be null.");
        return new ParleyServerExtension(config -> customizer.apply(this.customizer.apply(config)));
    }

    /**
     * The running server of the current test class.
     *
     * @throws IllegalStateException outside the test class's lifetime
     */
    public ParleyServer server() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("no Parley server is running: use the extension with @ExtendWith or a "
                    + "static @RegisterExtension field");
        }
        return current.server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (context.getStore(NAMESPACE).get(Running.class, Running.class) != null) {
            return; // a @Nested class shares its outer class's server
        }
        Path dir = Files.createTempDirectory("parley-junit");
        ParleyConfig config = customizer.apply(ParleyConfig.ephemeral(dir));
        Running started = new Running(ParleyServer.start(config), dir);
        running = started;
        context.getStore(NAMESPACE).put(Running.class, started);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Running started = context.getStore(NAMESPACE).remove(Running.class, Running.class);
        if (started != null) {
            started.close();
        }
        running = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ParleyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running started = context.getStore(NAMESPACE).get(Running.class, Running.class);
        if (started == null) {
            throw new ParameterResolutionException("no Parley server is running for " + context.getDisplayName());
        }
        return started.server;
    }

    /** A started server and its temp data dir. */
    private record Running(ParleyServer server, Path dataDir) {

        void close() {
            try {
                server.close();
            } finally {
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
