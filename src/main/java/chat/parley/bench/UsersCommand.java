package chat.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code parley bench users} and its load-generator processes ({@code parley bench users-load}, hidden). */
final class UsersCommand {

    private UsersCommand() {
    }

    /** {@code parley bench users}. */
    @Command(name = "users", mixinStandardHelpOptions = true,
            description = {"Simulated web-client users (sign-in, MQTT over WebSocket, history, typing, messages, "
                    + "reconnects) in rooms of 5–20, 100–500 and everyone, stepped up until an objective breaks.",
                "Prints one Markdown row per step and the largest number of users that held."})
    static final class Users implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--url", description = "The server's HTTP address, e.g. http://127.0.0.1:8080 (its rate, "
                + "claim and connection limits lifted: every user comes from one address). Default: a Parley server "
                + "started by the bench in a process of its own, with those limits lifted.")
        String url;

        @Option(names = "--server-pid", defaultValue = "0",
                description = "With --url: the server's process id, for its CPU use and RSS.")
        long serverPid;

        @Option(names = "--server-jvm-option", description = "A JVM option for the server the bench starts "
                + "(repeatable), e.g. --server-jvm-option=-Xmx1g.")
        List<String> serverJvmOptions = List.of();

        @Option(names = "--steps", split = ",", defaultValue = "1000,2000,5000,10000,20000,50000",
                description = "Numbers of users, in order; stops at the first that breaks. Default: ${DEFAULT-VALUE}.")
        List<Integer> steps;

        @Option(names = "--rate", defaultValue = "1", description = "Messages per user per minute (Poisson). "
                + "Default: ${DEFAULT-VALUE}.")
        double rate;

        @Option(names = "--typing-ms", defaultValue = "2000", description = "From the typing signal to the message. "
                + "Default: ${DEFAULT-VALUE}.")
        int typingMillis;

        @Option(names = "--churn", defaultValue = "0.01", description = "Share of the users that drop their "
                + "connection and come back each minute (then catch up over REST). Default: ${DEFAULT-VALUE}.")
        double churn;

        @Option(names = "--everyone-share", defaultValue = "0.002", description = "Share of messages sent to the "
                + "room of everyone. Default: ${DEFAULT-VALUE}.")
        double everyoneShare;

        @Option(names = "--medium-share", defaultValue = "0.2", description = "Share of a medium-room member's "
                + "messages sent there (the rest go to their small rooms). Default: ${DEFAULT-VALUE}.")
        double mediumShare;

        @Option(names = "--warmup", defaultValue = "30", description = "Seconds of traffic before the measured "
                + "window. Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Option(names = "--seconds", defaultValue = "120", description = "The measured window, seconds. "
                + "Default: ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--max-delivery-p99", defaultValue = "200", description = "Objective, ms. "
                + "Default: ${DEFAULT-VALUE}.")
        double maxDeliveryP99;

        @Option(names = "--max-history-p99", defaultValue = "100", description = "Objective, ms. "
                + "Default: ${DEFAULT-VALUE}.")
        double maxHistoryP99;

        @Option(names = "--max-rss-mb", defaultValue = "2048", description = "Objective: the server's RSS, MB. "
                + "Default: ${DEFAULT-VALUE}.")
        double maxRssMb;

        @Option(names = "--users-per-generator", defaultValue = "10000", description = "Users one load-generator "
                + "process holds. Default: ${DEFAULT-VALUE}.")
        int usersPerGenerator;

        @Option(names = "--connecting", defaultValue = "50", description = "Users of one generator signing in at "
                + "once. Default: ${DEFAULT-VALUE}.")
        int connecting;

        @Option(names = "--threads", defaultValue = "2", description = "Netty, callback and HTTP threads of each "
                + "generator. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(names = "--generator-jvm-option", description = "A JVM option for the generators (repeatable).")
        List<String> generatorJvmOptions = List.of();

        @Option(names = "--keep-going", description = "Run every step, also after one broke (the largest N that "
                + "held is still the one below the first that broke).")
        boolean keepGoing;

        @Option(names = "--seed", defaultValue = "21", description = "Rooms and timings. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            if (rate <= 0 || seconds < 1 || warmup < 0 || usersPerGenerator < 1 || connecting < 1 || threads < 1
                    || steps.stream().anyMatch(n -> n < 1)) {
                throw new chat.parley.config.ConfigException("--rate must be above 0, --seconds at least 1, --steps, "
                        + "--users-per-generator, --connecting and --threads at least 1");
            }
            try (var server = url != null ? UsersServer.at(url, serverPid)
                    : UsersServer.start(serverJvmOptions, out)) {
                var bench = new UsersBench(server,
                        new UsersBench.Behaviour(rate, typingMillis, churn, everyoneShare, mediumShare, warmup,
                                seconds, seed),
                        new UsersBench.Objectives(maxDeliveryP99, maxHistoryP99, maxRssMb),
                        new UsersBench.Generators(usersPerGenerator, connecting, threads, generatorJvmOptions), out);
                bench.run(steps, keepGoing);
            }
            return 0;
        }
    }

    /** {@code parley bench users-load}: one load-generator process, driven by {@code parley bench users}. */
    @Command(name = "users-load", hidden = true, description = "A load generator of `parley bench users`.")
    static final class Load implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--http", required = true)
        String http;

        @Option(names = "--ws", required = true)
        String ws;

        @Option(names = "--prefix", defaultValue = "parley")
        String prefix;

        @Option(names = "--users", required = true)
        int users;

        @Option(names = "--from", required = true)
        int from;

        @Option(names = "--to", required = true)
        int to;

        @Option(names = "--keep-going", description = "Run every step, also after one broke (the largest N that "
                + "held is still the one below the first that broke).")
        boolean keepGoing;

        @Option(names = "--seed", required = true)
        long seed;

        @Option(names = "--run", required = true)
        String run;

        @Option(names = "--rate", required = true)
        double rate;

        @Option(names = "--typing-ms", required = true)
        int typingMillis;

        @Option(names = "--churn", required = true)
        double churn;

        @Option(names = "--everyone-share", required = true)
        double everyoneShare;

        @Option(names = "--medium-share", required = true)
        double mediumShare;

        @Option(names = "--connecting", required = true)
        int connecting;

        @Option(names = "--threads", required = true)
        int threads;

        @Option(names = "--typing-max-people", defaultValue = "0")
        int typingMaxPeople;

        @Override
        public Integer call() throws Exception {
            var settings = new UsersLoad.Settings(http, ws, prefix, users, from, to, seed, run, rate, typingMillis,
                    churn, everyoneShare, mediumShare, connecting, threads, typingMaxPeople);
            // a coordinator stopped with ^C must not leave thousands of connections behind
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(2)));
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            new UsersLoad(settings).run(in, spec.commandLine().getOut());
            return 0;
        }
    }
}
