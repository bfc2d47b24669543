package chat.parley.bench;

import chat.parley.TestServer;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley bench posts} at a tiny size against a real server: every post is answered and arrives at the
 * subscriber, the row says so; a server that refuses posts (its post-rate-limit) gives errors and exit code 1; bad
 * arguments and a broker that is not there give one line. Checks what is reported, never how fast anything was.
 */
class BenchPostsTest {

    /** Each run posts as a fresh name, so each has a bucket of its own: 30 at once, then one a second. */
    private static final int BURST = 30;

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> TestServer.onTestStore(config
            .withRateLimit(TestServer.UNLIMITED).withHooks(config.hooks().withPostRate(new ParleyConfig.RateLimit(1,
                    BURST)))));

    private record Run(int exit, String out, String err) {
    }

    private static String url() {
        return "http://127.0.0.1:" + parley.server().httpPort();
    }

    private static String mqtt() {
        return "mqtt://127.0.0.1:" + parley.server().mqttPort();
    }

    /** {@code bench posts} against the test's server, with {@code args} after its --url and --mqtt. */
    private static Run bench(String... args) {
        var all = new ArrayList<>(List.of("--url", url(), "--mqtt", mqtt()));
        all.addAll(List.of(args));
        return posts(all);
    }

    private static Run posts(List<String> args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var all = new ArrayList<>(List.of("posts"));
        all.addAll(args);
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void every_post_is_answered_and_arrives_and_the_row_says_so() {
        Run run = bench("--posts", "20", "--warmup", "5");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("\\| posts 20 after 5 warm-up \\| delivered p50 / p99 / max "
                + "[0-9.]+ / [0-9.]+ / [0-9.]+ ms \\| answered p50 / p99 / max [0-9.]+ / [0-9.]+ / [0-9.]+ ms \\| "
                + "[1-9][0-9]* posts/s \\| errors 0 \\|");
    }

    @Test
    void posts_the_server_refuses_are_errors_with_the_first_reason_and_exit_code_1() {
        Run run = bench("--posts", Integer.toString(BURST + 10), "--warmup", "0");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("\\| errors [1-9][0-9]* \\(first: HTTP 429 .*rate_limited.*\\) \\|");
    }

    @Test
    void bad_arguments_are_one_line_and_exit_code_2() {
        for (List<String> bad : List.of(List.of("--url", url(), "--mqtt", mqtt(), "--posts", "0"),
                List.of("--url", url(), "--mqtt", mqtt(), "--warmup", "-1"),
                List.of("--url", "127.0.0.1:8080", "--mqtt", mqtt()), List.of("--url", "x", "--mqtt", mqtt()),
                List.of("--url", url(), "--mqtt", "http://127.0.0.1:1883"))) {
            Run run = posts(bad);
            assertThat(run.exit()).as(bad + ": " + run.err()).isEqualTo(2);
            // the first line is the error; picocli's usage help follows it here, not from `parley` (one line there)
            assertThat(run.err().lines().findFirst().orElse("")).as(bad.toString())
                    .containsPattern("^--(posts|url|mqtt) must ");
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void a_broker_that_is_not_there_is_one_line_and_exit_code_1() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = posts(List.of("--url", url(), "--mqtt", "mqtt://127.0.0.1:" + closed));
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("parley: bench posts: connecting to mqtt://127.0.0.1:" + closed + ": ")
                .hasLineCount(1);
    }
}
