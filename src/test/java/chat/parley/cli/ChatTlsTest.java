package chat.parley.cli;

import chat.parley.ParleyServer;
import chat.parley.TestServer;
import chat.parley.config.TlsMode;
import chat.parley.tls.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley chat --cafile}: the terminal client on a TLS-only server (https for the API, mqtts for chat). */
class ChatTlsTest {

    private static ParleyServer server;

    @TempDir
    Path config;

    @BeforeAll
    static void start() {
        var c = TestServer.ephemeralConfig();
        server = ParleyServer.start(c.withTls(c.tls().withMode(TlsMode.AUTO).withPlainListeners(false)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ChatOptions options(String user, String room, Path caFile) {
        return new ChatOptions(URI.create("https://localhost:" + server.httpsPort()), null, null, user, null, room,
                false, false, config, null, caFile);
    }

    @Test
    void with_the_servers_ca_the_client_chats_over_https_and_mqtts() throws Exception {
        Path ca = config.resolve("parley-ca.pem");
        Files.writeString(ca, Pem.toPem(server.tls().orElseThrow().ca().orElseThrow()));
        var run = CliRun.runWithInput(options("tess", "secure", ca), "over mqtts\n");
        assertThat(run.waitForExit()).as(run.err()).isZero();
        assertThat(server.store().latest("secure", 10).messages()).extracting(m -> m.text())
                .containsExactly("over mqtts");
    }

    @Test
    void without_it_the_client_refuses_the_unknown_certificate_with_one_line() {
        var run = CliRun.runWithInput(options("uma", "secure", null), "never sent\n");
        assertThat(run.waitForExit()).isNotZero();
        assertThat(run.err()).startsWith("parley: ").hasLineCount(1);
    }

    @Test
    void a_missing_ca_file_is_a_usage_error_naming_it() {
        var run = CliRun.runWithInput(options("vic", "secure", config.resolve("nope.pem")), "x\n");
        assertThat(run.waitForExit()).isEqualTo(2);
        assertThat(run.err()).contains("--cafile").contains("nope.pem");
    }
}
