package chat.parley;

import chat.parley.config.ConfigException;
import chat.parley.config.ConfigLoader;
import chat.parley.config.ParleyConfig;
import chat.parley.config.Setting;
import chat.parley.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line: {@code parley} (same as {@code parley serve}) runs the server. Every setting is a flag named like
 * its YAML key ({@code --http-port}); errors are one line on stderr with exit code 2 (usage, config) or 1 (runtime).
 */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Parley.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Team chat in one jar: MQTT broker, web client and history.%n"
                + "Settings: defaults < config/parley.yml (or --config) < PARLEY_* environment < flags.",
        subcommands = {ServeCommand.class, DoctorCommand.class, chat.parley.cli.ChatCommand.class,
            chat.parley.bench.BenchCommand.class, UserCommand.class, BotCommand.class})
public final class Parley implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServeOptions options;

    final Map<String, String> env;

    /** Where subcommands read input from ({@code parley user --password-stdin}); tests replace it. */
    java.io.InputStream stdin = System.in;

    Parley(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /** Runs the command line and returns the exit code. */
    static int run(String[] args, Map<String, String> env) {
        CommandLine cli = commandLine(env);
        return cli.execute(args);
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Parley(env));
        addSettingOptions(cli.getCommandSpec());
        addSettingOptions(cli.getSubcommands().get("serve").getCommandSpec());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("parley: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("parley: " + e.getMessage() + " (see --help)");
            return 2;
        });
        return cli;
    }

    /** Adds one option per setting ({@code --http-port} …) to a command, described with its default. */
    static void addSettingOptions(CommandSpec command) {
        for (Setting setting : Settings.ALL) {
            var option = OptionSpec.builder(setting.flag())
                    .paramLabel(setting.kind() == Setting.Kind.CHOICE ? String.join("|", setting.choices())
                            : setting.key().replace("-", "_").toUpperCase(java.util.Locale.ROOT))
                    .type(String.class)
                    .description(setting.description() + (setting.defaultValue().isEmpty() ? ""
                            : " Default: " + setting.defaultValue() + "."));
            if (setting.kind() == Setting.Kind.BOOLEAN) {
                option.arity("0..1").fallbackValue("true").paramLabel("true|false");
            }
            command.addOption(option.build());
        }
    }

    /** The setting values given as flags on this command. */
    static Map<String, String> settingFlags(CommandSpec command) {
        var flags = new LinkedHashMap<String, String>();
        var parsed = command.commandLine().getParseResult();
        for (Setting setting : Settings.ALL) {
            if (parsed.hasMatchedOption(setting.flag())) {
                flags.put(setting.key(), parsed.matchedOptionValue(setting.flag(), ""));
            }
        }
        return flags;
    }

    /** Serves with the configuration from the file, the environment and the flags given to {@code command}. */
    int serve(ServeOptions serveOptions, CommandSpec command) {
        ParleyConfig config = ConfigLoader.load(serveOptions.configFile, env, settingFlags(command));
        return new ServeRunner(command.commandLine().getOut(), command.commandLine().getErr())
                .run(config, serveOptions.printPorts, serveOptions.ephemeral);
    }

    @Override
    public Integer call() {
        return serve(options, spec);
    }

    /** Reports Parley's version for {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"parley " + Version.current()};
        }
    }
}
