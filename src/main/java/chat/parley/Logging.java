package chat.parley;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Log levels: Parley's own events at INFO; the broker's and web server's chatter at WARN unless verbose. */
final class Logging {

    private static final List<String> LIBRARIES = List.of("com.hivemq", "org.eclipse.jetty", "io.javalin",
            "jetbrains.exodus", "io.netty", "migrations", "com.zaxxer.hikari");

    private Logging() {
    }

    static void apply(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
            return; // embedded in an application with another logging backend: leave its levels alone
        }
        Level level = verbose ? Level.INFO : Level.WARN;
        for (String name : LIBRARIES) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(level);
        }
    }
}
