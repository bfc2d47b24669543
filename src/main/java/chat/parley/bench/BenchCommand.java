package chat.parley.bench;

import chat.parley.config.Durability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code parley bench …}: benchmarks that model chat, printed as Markdown table rows. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its numbers.",
        subcommands = {BenchCommand.History.class})
public final class BenchCommand {

    /** {@code parley bench history}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Stored-message throughput over MQTT, then history and search latency at N stored messages.")
    static final class History implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--messages", defaultValue = "1000000", description = "Messages in the store when "
                + "queries are measured. Default: ${DEFAULT-VALUE}.")
        int messages;

        @Option(names = "--mqtt-messages", defaultValue = "100000",
                description = "Messages published over MQTT for the throughput run. Default: ${DEFAULT-VALUE}.")
        int mqttMessages;

        @Option(names = "--publishers", defaultValue = "10", description = "Publishing clients. Default: "
                + "${DEFAULT-VALUE}.")
        int publishers;

        @Option(names = "--rooms", defaultValue = "100", description = "Rooms the stored messages are spread over. "
                + "Default: ${DEFAULT-VALUE}.")
        int rooms;

        @Option(names = "--durability", defaultValue = "process", description = "process or power. Default: "
                + "${DEFAULT-VALUE}.")
        String durability;

        @Option(names = "--data-dir", description = "Where the benchmark's database goes (default: a new temp dir).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("parley-bench");
            Durability mode = Durability.valueOf(durability.toUpperCase(Locale.ROOT));
            var out = spec.commandLine().getOut();
            new HistoryBench(out, dir, mode, mqttMessages, messages, publishers, rooms).run();
            out.flush();
            return 0;
        }
    }
}
