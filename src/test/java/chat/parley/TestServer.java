package chat.parley;

import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Starts the real server in this JVM on free ports of 127.0.0.1 with a fresh temp data dir. Load tests publish
 * thousands of messages from one connection, so the per-connection rate limit is raised out of the way
 * ({@link #UNLIMITED}); the rate-limit tests set their own.
 */
public final class TestServer {

    /** A rate limit no test reaches unless it means to. */
    public static final ParleyConfig.RateLimit UNLIMITED = new ParleyConfig.RateLimit(1_000_000, 1_000_000);

    private TestServer() {
    }

    /** The JUnit extension form: one server per test class, on the same configuration, closed after the class. */
    public static ParleyServerExtension extension() {
        return new ParleyServerExtension().withConfig(config -> config.withRateLimit(UNLIMITED));
    }

    public static ParleyServer start() {
        return ParleyServer.start(ephemeralConfig());
    }

    public static ParleyConfig ephemeralConfig() {
        try {
            return ParleyConfig.ephemeral(Files.createTempDirectory("parley-test")).withRateLimit(UNLIMITED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
