package chat.parley;

import chat.parley.config.ParleyConfig;
import chat.parley.db.PostgresServer;
import chat.parley.testing.ParleyServerExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Starts the real server in this JVM on free ports of 127.0.0.1 with a fresh temp data dir. Load tests publish
 * thousands of messages from one connection, so the per-connection rate limit is raised out of the way
 * ({@link #UNLIMITED}); the rate-limit tests set their own. With {@code -Dparley.test.store=postgresql} each server
 * gets a new database of the tests' PostgreSQL ({@link PostgresServer}) instead of SQLite, so the server-level tests
 * of accounts, rooms, files … run on the other store too (docs/scale.md names the classes that are run so).
 */
public final class TestServer {

    /** A rate limit no test reaches unless it means to. */
    public static final ParleyConfig.RateLimit UNLIMITED = new ParleyConfig.RateLimit(1_000_000, 1_000_000);

    private TestServer() {
    }

    /** The JUnit extension form: one server per test class, on the same configuration, closed after the class. */
    public static ParleyServerExtension extension() {
        return new ParleyServerExtension().withConfig(config -> onTestStore(config.withRateLimit(UNLIMITED)));
    }

    public static ParleyServer start() {
        return ParleyServer.start(ephemeralConfig());
    }

    /** Whether the tests' servers run on PostgreSQL ({@code -Dparley.test.store=postgresql}). */
    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("parley.test.store", "sqlite"));
    }

    /** The store the tests run on: SQLite, or a new PostgreSQL database with -Dparley.test.store=postgresql. */
    public static ParleyConfig onTestStore(ParleyConfig config) {
        if (!onPostgres()) {
            return config;
        }
        return config.withStore(PostgresServer.shared().newStore("server"));
    }

    public static ParleyConfig ephemeralConfig() {
        try {
            return onTestStore(ParleyConfig.ephemeral(Files.createTempDirectory("parley-test"))
                    .withRateLimit(UNLIMITED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
