package chat.parley;

import chat.parley.config.StoreSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With {@code store: postgresql}, a server that cannot reach its database stops at start with one line. */
class PostgresStartupTest {

    @Test
    void an_unreachable_database_stops_the_start_without_showing_the_password() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var store = StoreSettings.postgresql("jdbc:postgresql://127.0.0.1:" + closedPort + "/parley?password=hunter22",
                "parley", "s3cret", 4);

        assertThatThrownBy(() -> ParleyServer.start(TestServer.ephemeralConfig().withStore(store)))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("cannot open the message history: cannot connect to jdbc:postgresql://127.0.0.1:"
                        + closedPort + "/parley?… as parley: ")
                .message().doesNotContain("hunter22").doesNotContain("s3cret");
    }
}
