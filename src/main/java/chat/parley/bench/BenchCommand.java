package chat.parley.bench;

import chat.parley.config.Durability;
import chat.parley.config.StoreSettings;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/** {@code parley bench …}: benchmarks that model chat, printed as Markdown table rows. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its numbers.",
        subcommands = {BenchCommand.History.class, BenchCommand.Fanout.class, BenchCommand.Throughput.class,
            BenchCommand.Connections.class, BenchCommand.Startup.class, BenchCommand.Posts.class, BenchBroker.class,
            UsersCommand.Users.class, UsersCommand.Load.class})
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

        @Option(names = "--warmup-requests", defaultValue = "1000", description = "Requests of each kind sent "
                + "unmeasured first, so the JIT has compiled the path (a server that has run a while). Default: "
                + "${DEFAULT-VALUE}.")
        int warmupRequests;

        @Option(names = "--data-dir", description = "Where the benchmark's database goes (default: a new temp dir).")
        Path dataDir;

        @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgresql (then "
                + "--postgres-url: an empty database, the benchmark fills it). Default: ${DEFAULT-VALUE}.")
        String store;

        @Option(names = "--postgres-url", defaultValue = "", description = "With --store postgresql: the JDBC URL, "
                + "e.g. jdbc:postgresql://127.0.0.1:5432/parley_bench.")
        String postgresUrl;

        @Option(names = "--postgres-user", defaultValue = "parley", description = "Default: ${DEFAULT-VALUE}.")
        String postgresUser;

        @Override
        public Integer call() throws Exception {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("parley-bench");
            Durability mode = Durability.valueOf(durability.toUpperCase(Locale.ROOT));
            var out = spec.commandLine().getOut();
            StoreSettings where = switch (store) {
                case "sqlite" -> StoreSettings.sqlite();
                // The password, if the role needs one, comes from the environment like the server's.
                case "postgresql" -> StoreSettings.postgresql(postgresUrl, postgresUser,
                        System.getenv().getOrDefault("PARLEY_POSTGRES_PASSWORD", ""), 8);
                default -> throw new chat.parley.config.ConfigException("--store: sqlite or postgresql, got '" + store + "'");
            };
            new HistoryBench(out, dir, mode, mqttMessages, messages, publishers, rooms, warmupRequests, where).run();
            out.flush();
            return 0;
        }
    }

    /** The target options every MQTT scenario takes. */
    static final class Target {

        @Option(names = "--url", description = "MQTT broker to measure, e.g. mqtt://127.0.0.1:1883 (Parley, a bare "
                + "HiveMQ from `parley bench broker`, Mosquitto …). Default: a Parley server in this process.")
        String url;

        @Option(names = "--server-pid", defaultValue = "0",
                description = "The broker's process id, to report its CPU use and RSS.")
        long serverPid;

        @Option(names = "--prefix", defaultValue = "parley", description = "Topic prefix. Default: ${DEFAULT-VALUE}.")
        String prefix;
    }

    /** {@code parley bench fanout}. */
    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "P publishers and S subscribers in one room at R msg/s: delivered, lost, duplicates and "
                    + "publish → receive latency.")
    static final class Fanout implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--publishers", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
        int publishers;

        @Option(names = "--subscribers", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        int subscribers;

        @Option(names = "--rate", defaultValue = "200", description = "Messages a second, all publishers together. "
                + "Default: ${DEFAULT-VALUE}.")
        int rate;

        @Option(names = "--seconds", defaultValue = "30", description = "Default: ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "Seconds at the start left out of the latency. "
                + "Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Option(names = "--qos", defaultValue = "1", description = "0 or 1. Default: ${DEFAULT-VALUE}.")
        int qos;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            try (var broker = BenchTarget.open(target.url, target.serverPid, out)) {
                var result = new FanoutBench(broker, publishers, subscribers, rate, seconds,
                        Math.min(warmup, seconds - 1), MqttQos.fromCode(qos), target.prefix + "/rooms/bench/messages")
                        .run(out);
                out.println(result.row(publishers, subscribers, rate, seconds, MqttQos.fromCode(qos)));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code parley bench throughput}. */
    @Command(name = "throughput", mixinStandardHelpOptions = true,
            description = "N publisher/subscriber pairs, one room each, closed loop with a window: messages a second.")
    static final class Throughput implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--pairs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
        int pairs;

        @Option(names = "--window", defaultValue = "50", description = "Messages in flight per pair. "
                + "Default: ${DEFAULT-VALUE}.")
        int window;

        @Option(names = "--seconds", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Option(names = "--qos", defaultValue = "0,1", split = ",", description = "Default: ${DEFAULT-VALUE}.")
        int[] qos;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            try (var broker = BenchTarget.open(target.url, target.serverPid, out)) {
                for (int q : qos) {
                    var result = new ThroughputBench(broker, pairs, window, seconds, warmup,
                            target.prefix + "/rooms/").run(MqttQos.fromCode(q));
                    out.println(result.row(pairs, window, seconds, MqttQos.fromCode(q)));
                    out.flush();
                }
            }
            return 0;
        }
    }

    /** {@code parley bench connections}. */
    @Command(name = "connections", mixinStandardHelpOptions = true,
            description = "C idle chat clients, each in a room and on presence: connect latency, broker RSS, probes.")
    static final class Connections implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--clients", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
        int clients;

        @Option(names = "--rooms", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        int rooms;

        @Option(names = "--presence", defaultValue = "-1", description = "How many clients also subscribe to "
                + "their room's presence (default: all).")
        int presence;

        @Option(names = "--hold", defaultValue = "10", description = "Seconds to hold them idle. "
                + "Default: ${DEFAULT-VALUE}.")
        int hold;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            int onPresence = presence < 0 ? clients : Math.min(presence, clients);
            try (var broker = BenchTarget.open(target.url, target.serverPid, out)) {
                var result = new ConnectionsBench(broker, clients, rooms, onPresence, hold, target.prefix).run(out);
                out.println(result.row(clients, rooms, onPresence));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code parley bench posts}. */
    @Command(name = "posts", mixinStandardHelpOptions = true,
            description = {"Sequential posts over HTTP to a running server (auth: open), each timed from the request "
                    + "to its arrival at an MQTT subscriber of the room: one jar, or a web node and its broker.",
                "Exit code 1 when a post failed or did not arrive (the row says how many and the first reason)."})
    static final class Posts implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, description = "The Parley web server that takes the posts, e.g. "
                + "http://127.0.0.1:8080 (its post-rate-limit and post-rate-burst lifted, or posts get 429).")
        String url;

        @Option(names = "--mqtt", required = true, description = "The broker the subscriber connects to, e.g. "
                + "mqtt://127.0.0.1:1883: the same server's MQTT port for one jar, the broker's for a web node.")
        String mqtt;

        @Option(names = "--posts", defaultValue = "300", description = "Measured posts. Default: ${DEFAULT-VALUE}.")
        int posts;

        @Option(names = "--warmup", defaultValue = "50", description = "Posts sent unmeasured first. "
                + "Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            if (posts < 1 || warmup < 0) {
                throw new ParameterException(spec.commandLine(), "--posts must be at least 1 and --warmup at least 0");
            }
            address("--url", url, List.of("http", "https"), "http://127.0.0.1:8080");
            URI broker = address("--mqtt", mqtt, List.of("mqtt", "tcp"), "mqtt://127.0.0.1:1883");
            var ends = new PostsBench.Ends(url.replaceAll("/+$", ""), broker.getHost(),
                    broker.getPort() < 0 ? 1883 : broker.getPort());
            PostsBench.Result result;
            try {
                result = new PostsBench(ends, posts, warmup).run(out);
            } catch (CompletionException e) {
                // the server or broker could not be reached, or refused the claim or the subscriber: one line
                spec.commandLine().getErr().println("parley: bench posts: " + e.getMessage());
                return 1;
            }
            out.println(result.row());
            out.flush();
            return result.errors() == 0 ? 0 : 1;
        }

        /** {@code value} as a URI with a host and one of {@code schemes}, or a usage error naming the option. */
        private URI address(String option, String value, List<String> schemes, String example) {
            try {
                URI uri = new URI(value);
                if (uri.getScheme() != null && schemes.contains(uri.getScheme()) && uri.getHost() != null) {
                    return uri;
                }
            } catch (java.net.URISyntaxException e) {
                // answered below, like any other malformed address
            }
            throw new ParameterException(spec.commandLine(), option + " must look like " + example + ", got '" + value
                    + "'");
        }
    }

    /** {@code parley bench startup}. */
    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = "java -jar parley.jar → /api/health up, and the heap in use once idle.")
    static final class Startup implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--jar", description = "The jar to start. Default: the one running this command.")
        Path jar;

        @Option(names = "--runs", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--idle", defaultValue = "5", description = "Seconds idle before the heap is read. "
                + "Default: ${DEFAULT-VALUE}.")
        int idle;

        @Override
        public Integer call() throws Exception {
            Path which = jar != null ? jar : Path.of(BenchCommand.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (!Files.isRegularFile(which)) {
                throw new chat.parley.config.ConfigException("not a jar: " + which + "; pass --jar target/parley.jar");
            }
            var out = spec.commandLine().getOut();
            new StartupBench(which, runs, idle).run(out);
            return 0;
        }
    }
}
