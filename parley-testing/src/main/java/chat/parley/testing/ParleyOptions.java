package chat.parley.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a Parley server for a test: settings (any key of Parley's {@code config/parley.yml}, passed as
 * {@code --key value}), accounts to create, extra JVM options and how long to wait for the server. Immutable: every
 * {@code with…} returns a new value.
 * <pre>{@code
 * ParleyOptions.defaults().withSetting("max-text-chars", "100").withUser("alice", "correct horse battery")
 * }</pre>
 */
public final class ParleyOptions {

    /** How long a server may take to print its ports before it counts as failed (a cold start takes 1–4 s). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** What {@code --ephemeral} decides, whatever the settings say. */
    private static final Set<String> EPHEMERAL_KEYS = Set.of("data-dir", "bind", "http-port", "mqtt-port", "ws-port",
            "discovery");

    private final Map<String, String> settings;
    private final Map<String, String> users;
    private final List<String> jvmArgs;
    private final Duration startTimeout;

    private ParleyOptions(Map<String, String> settings, Map<String, String> users, List<String> jvmArgs,
                          Duration startTimeout) {
        this.settings = Collections.unmodifiableMap(settings);
        this.users = Collections.unmodifiableMap(users);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.startTimeout = startTimeout;
    }

    /** No settings beyond what {@code --ephemeral} implies, no accounts, a 60 s start timeout. */
    public static ParleyOptions defaults() {
        return new ParleyOptions(new LinkedHashMap<>(), new LinkedHashMap<>(), List.of(), DEFAULT_START_TIMEOUT);
    }

    /**
     * A setting, by its key in {@code config/parley.yml} (e.g. {@code "max-text-chars", "100"}); the server refuses
     * unknown keys and bad values at start with one line, which {@link ParleyStartException} carries. The data dir,
     * the bind address, the ports and discovery are the test's own ({@code --ephemeral}) and cannot be set.
     */
    public ParleyOptions withSetting(String key, String value) {
        Objects.requireNonNull(key, "key must not be null.");
        Objects.requireNonNull(value, "value must not be null.");
        if (key.startsWith("-") || key.isBlank()) {
            throw new IllegalArgumentException("key must be a setting's name such as \"max-text-chars\", not '"
                    + key + "'.");
        }
        if (EPHEMERAL_KEYS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is the test server's own (free ports on 127.0.0.1, "
                    + "a temp data dir, no discovery) and cannot be set.");
        }
        var copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return new ParleyOptions(copy, users, jvmArgs, startTimeout);
    }

    /**
     * An account (user name and password, at least the server's minimum length) created through the admin API before
     * the first test runs. Any account turns on {@code auth: accounts}.
     */
    public ParleyOptions withUser(String user, String password) {
        Objects.requireNonNull(user, "user must not be null.");
        Objects.requireNonNull(password, "password must not be null.");
        var copy = new LinkedHashMap<>(users);
        copy.put(user, password);
        return new ParleyOptions(settings, copy, jvmArgs, startTimeout);
    }

    /** JVM options for the server's JVM, after Parley's own (so {@code -Xmx2g} or {@code -XX:TieredStopAtLevel=4} win). */
    public ParleyOptions withJvmArgs(String... args) {
        var copy = new ArrayList<>(jvmArgs);
        copy.addAll(List.of(args));
        return new ParleyOptions(settings, users, copy, startTimeout);
    }

    /** How long to wait for the server to print its ports. */
    public ParleyOptions withStartTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null.");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive.");
        }
        return new ParleyOptions(settings, users, jvmArgs, timeout);
    }

    public Map<String, String> settings() {
        return settings;
    }

    public Map<String, String> users() {
        return users;
    }

    public List<String> jvmArgs() {
        return jvmArgs;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParleyOptions o && settings.equals(o.settings) && users.equals(o.users)
                && jvmArgs.equals(o.jvmArgs) && startTimeout.equals(o.startTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, users, jvmArgs, startTimeout);
    }
}
