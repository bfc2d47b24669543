package chat.parley.bench;

import chat.parley.broker.EmbeddedBroker;
import chat.parley.config.ParleyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code parley bench broker}: a bare embedded HiveMQ CE, in-memory persistence, without Parley's extension (no chat
 * policy, history or authentication), as the baseline the benchmarks compare Parley with. Runs until stdin closes or
 * the process is stopped.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a bare HiveMQ (in-memory, no Parley extension) to benchmark against, until stdin closes.")
final class BenchBroker implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mqtt-port", defaultValue = "1884", description = "Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Default: ${DEFAULT-VALUE}.")
    String bind;

    @Override
    public Integer call() throws Exception {
        var dir = Files.createTempDirectory("parley-bare-hivemq");
        ParleyConfig config = ParleyConfig.ephemeral(dir).withBind(bind).withPorts(0, port, 0);
        try (var broker = EmbeddedBroker.startBare(config)) {
            var out = spec.commandLine().getOut();
            out.printf("bare HiveMQ (in-memory, no extension) on mqtt://%s:%d, pid %d%n", bind, broker.mqttPort(),
                    ProcessHandle.current().pid());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        }
        return 0;
    }
}
