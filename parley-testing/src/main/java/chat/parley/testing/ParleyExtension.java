package chat.parley.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

/**
 * A JUnit 5 extension that runs a Parley server (MQTT broker, web client, REST API) in a JVM of its own for the tests:
 * nothing of the server (HiveMQ, Netty, Jetty, Javalin, SQLite) is on the test's classpath, so it never clashes with
 * the application's own libraries, and any number of servers may run at once.
 * <pre>{@code
 * @ExtendWith(ParleyExtension.class)                  // one server for the class
 * class SensorTest {
 *     @Test
 *     void publishes(RunningParley parley) {          // also in @BeforeAll, @BeforeEach and constructors
 *         connect("127.0.0.1", parley.mqttPort());
 *     }
 * }
 *
 * class LimitsTest {
 *     @RegisterExtension
 *     static ParleyExtension parley = new ParleyExtension()
 *             .withSetting("max-text-chars", "100")      // any key of config/parley.yml
 *             .withUser("alice", "correct horse battery") // turns on auth: accounts
 *             .perMethod();                              // a fresh server for every test
 *
 *     @Test
 *     void refusesLongText() { int port = parley.server().mqttPort(); … }
 * }
 * }</pre>
 * A server is one per class by default, shared by {@code @Nested} classes; {@link #perMethod()} (or registering the
 * extension in an instance field) gives each test its own. Several extensions in one class run several servers; with
 * more than one, use {@link #server()} rather than parameters. A server stops after its class or test, in the
 * background; the test JVM waits for those stops before it exits. The next server with the same options is usually
 * ready before it is asked for (a spare, see {@link RunningParley#start}).
 */
public final class ParleyExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final ParleyOptions options;
    private final boolean perMethod;
    private final ExtensionContext.Namespace namespace;
    private volatile RunningParley latest;

    /** One server per test class, with {@link ParleyOptions#defaults()}. */
    public ParleyExtension() {
        this(ParleyOptions.defaults(), false);
    }

    /** One server per test class, started with these options. */
    public ParleyExtension(ParleyOptions options) {
        this(options, false);
    }

    private ParleyExtension(ParleyOptions options, boolean perMethod) {
        this.options = options;
        this.perMethod = perMethod;
        this.namespace = ExtensionContext.Namespace.create(ParleyExtension.class, this);
    }

    /** A fresh server for every test method (taken from a spare when one is ready; stopped in the background). */
    public ParleyExtension perMethod() {
        return new ParleyExtension(options, true);
    }

    /** With this setting (see {@link ParleyOptions#withSetting}). */
    public ParleyExtension withSetting(String key, String value) {
        return new ParleyExtension(options.withSetting(key, value), perMethod);
    }

    /** With this account (see {@link ParleyOptions#withUser}); turns on {@code auth: accounts}. */
    public ParleyExtension withUser(String user, String password) {
        return new ParleyExtension(options.withUser(user, password), perMethod);
    }

    /** With these options for the server's JVM (see {@link ParleyOptions#withJvmArgs}). */
    public ParleyExtension withJvmArgs(String... args) {
        return new ParleyExtension(options.withJvmArgs(args), perMethod);
    }

    /** Waiting this long for the server to start (default 60 s). */
    public ParleyExtension withStartTimeout(Duration timeout) {
        return new ParleyExtension(options.withStartTimeout(timeout), perMethod);
    }

    /**
     * The server of the current test (per method) or class (per class): the one started last by this extension.
     *
     * @throws IllegalStateException when none is running
     */
    public RunningParley server() {
        RunningParley current = latest;
        if (current == null) {
            throw new IllegalStateException("no Parley server is running: use the extension with @ExtendWith or "
                    + "@RegisterExtension, and call server() from a test or a @BeforeAll/@BeforeEach method");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perMethod && find(context) == null) { // a @Nested class shares its outer class's server
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (find(context) == null) { // per method, or registered in an instance field (no beforeAll then)
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningParley.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningParley server = find(context);
        if (server == null) {
            throw new ParameterResolutionException("no Parley server is running for " + context.getDisplayName()
                    + (perMethod ? ": with a server per method, RunningParley is a parameter of tests and "
                            + "@BeforeEach/@AfterEach methods only" : ""));
        }
        return server;
    }

    private RunningParley find(ExtensionContext context) {
        return context.getStore(namespace).get(RunningParley.class, RunningParley.class);
    }

    private RunningParley start(ExtensionContext context) {
        RunningParley server = RunningParley.start(options);
        context.getStore(namespace).put(RunningParley.class, server);
        latest = server;
        return server;
    }

    /** Stops the server this context started (not one it inherits from an outer class or the class). */
    private void stop(ExtensionContext context) {
        RunningParley server = context.getStore(namespace).remove(RunningParley.class, RunningParley.class);
        if (server != null) {
            server.stopInBackground();
            if (latest == server) {
                latest = null;
            }
        }
    }
}
