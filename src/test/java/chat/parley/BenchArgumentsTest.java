package chat.parley;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bench command given a bad address or value says so in one line with exit code 2, as every other command does. */
class BenchArgumentsTest {

    @Test
    void a_bad_argument_is_one_line_and_exit_code_2() {
        for (List<String> args : List.of(List.of("bench", "fanout", "--url", "foo"),
                List.of("bench", "throughput", "--url", "foo"),
                List.of("bench", "history", "--store", "mysql"),
                List.of("bench", "users", "--url", "foo"))) {
            var err = new StringWriter();
            var cli = Parley.commandLine(Map.of());
            cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
            cli.getSubcommands().get("bench").setErr(new PrintWriter(err));
            cli.getSubcommands().get("bench").getSubcommands().values()
                    .forEach(sub -> sub.setErr(new PrintWriter(err)));
            int exit = cli.execute(args.toArray(String[]::new));
            assertThat(exit).as(args + ": " + err).isEqualTo(2);
            assertThat(err.toString().strip()).as(args.toString()).startsWith("parley: ").doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }
}
