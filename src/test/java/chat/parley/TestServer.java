package chat.parley;

import chat.parley.config.ParleyConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Starts the real server in this JVM on free ports of 127.0.0.1 with a fresh temp data dir. */
public final class TestServer {

    private TestServer() {
    }

    public static ParleyServer start() {
        return ParleyServer.start(ephemeralConfig());
    }

    public static ParleyConfig ephemeralConfig() {
        try {
            return ParleyConfig.ephemeral(Files.createTempDirectory("parley-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
