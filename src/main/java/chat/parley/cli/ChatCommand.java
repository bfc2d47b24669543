package chat.parley.cli;

import ch.qos.logback.classic.Level;
import chat.parley.lan.Discovery;
import ch.qos.logback.classic.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code parley chat}: the terminal chat client. In a terminal it is interactive (JLine); with piped input or
 * {@code --json} it reads lines from stdin and writes plain lines to stdout, for scripts.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Chat in a terminal, with a Parley server or over any MQTT broker.",
            "Piped input sends each line and exits once all are stored: echo hi | parley chat --room general"})
public final class ChatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The Parley server's web address. Default: ${DEFAULT-VALUE}.")
    String server;

    @Option(names = "--user", paramLabel = "NAME", description = "Your user name (asked for when missing).")
    String user;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id. Default: NAME-cli-RANDOM.")
    String clientId;

    @Option(names = "--room", paramLabel = "ROOM", description = "The room to join (asked for when missing).")
    String room;

    @Option(names = "--random-room", description = "Join a new random room (its name is its invitation).")
    boolean randomRoom;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Chat over a plain MQTT broker instead (mqtt://host:1883, mqtts://, ws://, wss://).")
    String broker;

    @Option(names = "--prefix", paramLabel = "P",
            description = "Topic prefix with --broker. Default: a random one, printed for the others.")
    String prefix;

    @Option(names = "--json", description = "Print each message as its JSON envelope, one per line (for scripts).")
    boolean json;

    @Option(names = "--key", paramLabel = "KEY",
            description = "The key of an end-to-end encrypted room (the k=… of its invite link).")
    String key;

    @Option(names = "--passphrase", arity = "0..1", interactive = true, paramLabel = "PASS",
            description = {"The passphrase of an end-to-end encrypted room (asked for when no value is given).",
                "A new, empty room becomes encrypted with it."})
    String passphrase;
    @Option(names = "--cafile", paramLabel = "FILE",
            description = "Trust only these PEM certificates for https, mqtts and wss (e.g. the server's local CA "
                    + "from /api/tls/ca.pem).")
    java.nio.file.Path caFile;

    @Option(names = "--discover", description = "Find Parley servers on the LAN (mDNS) and join one.")
    boolean discover;

    @Override
    public Integer call() {
        quietLogs();
        PrintStream err = System.err;
        ChatOptions options;
        try {
            if (discover) {
                var console = System.console();
                server = ServerChooser.choose(Discovery.browse(Duration.ofSeconds(3)),
                        console == null ? null : new BufferedReader(console.reader()), System.out);
            }
            options = new ChatOptions(uri("--server", server), broker == null ? null : uri("--broker", broker),
                    prefix, user, clientId, room, randomRoom, json,
                    SecretStore.defaultDir(System.getenv("XDG_CONFIG_HOME"), System.getProperty("user.home")),
                    key == null && passphrase == null ? null : new RoomSecret(key, passphrase), caFile);
        } catch (CliException e) {
            if (discover) {
                err.println("parley: " + e.getMessage());
                return 1;
            }
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            err.println("parley: cannot search the LAN: " + e.getMessage());
            return 1;
        }
        boolean terminal = System.console() != null && !json;
        ChatClient client;
        Terminal jline = null;
        if (terminal) {
            try {
                jline = TerminalBuilder.builder().system(true).name("parley").build();
            } catch (IOException e) {
                err.println("parley: cannot open the terminal: " + e.getMessage());
                return 1;
            }
            client = new ChatClient(options, new TerminalScreen(jline, err), err);
            jline.handle(Terminal.Signal.INT, signal -> exit(client));
        } else {
            client = new ChatClient(options, System.in, System.out, err);
            Signal.handle(new Signal("INT"), signal -> exit(client));
        }
        Signal.handle(new Signal("TERM"), signal -> exit(client));
        try {
            return client.run();
        } finally {
            if (jline != null) {
                try {
                    jline.close();
                } catch (IOException ignored) {
                    // leaving anyway
                }
            }
        }
    }

    /** Ctrl-C outside the line editor, or SIGTERM: leave cleanly with exit code 0. */
    private static void exit(ChatClient client) {
        client.quit();
        System.exit(0);
    }

    private URI uri(String option, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(value, "needs a scheme and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + " must be a URL like "
                    + (option.equals("--server") ? "http://localhost:8080" : "mqtt://localhost:1883")
                    + ", got '" + value + "'");
        }
    }

    /** The chat owns the terminal: library log lines would garble it, and errors are reported as one line. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
        }
    }

}
