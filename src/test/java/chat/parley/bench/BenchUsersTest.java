package chat.parley.bench;

import chat.parley.TestServer;
import chat.parley.config.ClientLimits;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley bench users} at a tiny size against a real server: its load generator runs in a JVM of its own, signs
 * 50 users in over REST, connects them over the MQTT WebSocket and sends fast, with reconnects. Checks that the report
 * shows messages delivered to the rooms' members, nothing lost and plausible numbers; not how fast anything was.
 */
class BenchUsersTest {

    /** The room of everyone (50) is larger, the small rooms (5 to 20) are not: typing only before their messages. */
    private static final int TYPING_MAX_PEOPLE = 25;

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension()
            .withConfig(c -> c.withRateLimit(TestServer.UNLIMITED).withClientLimits(new ClientLimits(0, 0, 0))
                    .withTypingMaxPeople(TYPING_MAX_PEOPLE));

    @Test
    void fifty_users_get_every_message_of_their_rooms_live_or_by_catching_up() {
        var out = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).execute("users",
                "--url", "http://127.0.0.1:" + parley.server().httpPort(),
                "--server-pid", Long.toString(ProcessHandle.current().pid()),
                "--steps", "50", "--rate", "30", "--typing-ms", "100", "--churn", "3", "--warmup", "1",
                "--seconds", "5", "--connecting", "10", "--everyone-share", "0.3",
                // the objectives are not what this test checks: the suite shares the machine with other JVMs
                "--max-delivery-p99", "60000", "--max-history-p99", "60000", "--max-rss-mb", "100000");
        String report = out.toString();
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("| users 50 (1 generator) | ready 50 of 50 in ")
                .contains("missing 0 |").contains("| held |").contains("| users: largest N that held | 50 |");
        Matcher sent = Pattern.compile("sent ([0-9,]+), acked ([0-9,]+); delivered ([0-9,]+) live").matcher(report);
        assertThat(sent.find()).as(report).isTrue();
        long messages = number(sent.group(1));
        // 50 users at 30 a minute for 6 s send about 150; each reaches the other members of its room (4 to 49)
        assertThat(messages).as(report).isBetween(50L, 400L);
        assertThat(number(sent.group(2))).isEqualTo(messages);
        assertThat(number(sent.group(3))).as(report).isGreaterThan(messages * 3);
        assertThat(report).containsPattern("delivery p50 / p90 / p99 / max [0-9.,]+ / [0-9.,]+ / [0-9.,]+ / [0-9.,]+ "
                + "ms \\([0-9,]+\\)").containsPattern("reconnects [1-9][0-9]* \\(failed 0\\)")
                .containsPattern("server CPU [0-9]+ %");
        // the deliveries split by room kind add up to all of them
        String delays = "[–0-9.,]+ / [–0-9.,]+ / [–0-9.,]+ / [–0-9.,]+ ms \\(([0-9,]+)\\)";
        Matcher all = Pattern.compile("delivery p50 / p90 / p99 / max " + delays).matcher(report);
        Matcher split = Pattern.compile("delivery in the room of everyone " + delays + ", in the other rooms " + delays)
                .matcher(report);
        assertThat(all.find() && split.find()).as(report).isTrue();
        assertThat(number(split.group(1)) + number(split.group(2))).as(report).isEqualTo(number(all.group(1)));
        assertThat(number(split.group(1))).as(report).isPositive();
        assertThat(number(split.group(2))).as(report).isPositive();
        // about 3 in 10 messages go to the room of everyone, which no simulated user sends typing signals to
        Matcher typing = Pattern.compile("typing signals sent ([0-9,]+), received ([0-9,]+)").matcher(report);
        assertThat(typing.find()).as(report).isTrue();
        assertThat(number(typing.group(1))).as(report).isPositive().isLessThan(messages * 9 / 10);
        assertThat(number(typing.group(2))).as(report).isPositive();
        // the generator's rooms without typing are the server's: it dropped none
        String metrics = io.restassured.RestAssured.given().baseUri("http://127.0.0.1")
                .port(parley.server().httpPort()).get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^parley_typing_dropped_total(\\{[^}]*})? 0\\.0$");
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
