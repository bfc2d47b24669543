package chat.parley;

import chat.parley.config.ConfigLoader;
import chat.parley.config.ParleyConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley doctor}: checks, with the same settings {@code parley serve} would use, that the ports are free, the
 * data dir is writable, the database is not damaged (with the steps to recover it if it is), Java is new enough, and
 * what TLS and the LAN look like. One line per check; exit 0 when
 * nothing failed, else 1.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        modelTransformer = DoctorCommand.SettingFlags.class,
        description = "Check ports, data dir, database, Java version and TLS for the given settings; exit 1 if any check "
                + "fails.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Parley parley;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: $PARLEY_CONFIG, else config/parley.yml if present).")
    Path configFile;

    @Override
    public Integer call() {
        ParleyConfig config = ConfigLoader.load(configFile, parley.env, Parley.settingFlags(spec));
        List<Doctor.Check> checks = Doctor.run(config);
        PrintWriter out = spec.commandLine().getOut();
        for (Doctor.Check check : checks) {
            out.println(check.line());
            check.steps().forEach(step -> out.println(" ".repeat(17) + step)); // under the detail column
        }
        boolean failed = checks.stream().anyMatch(check -> check.status() == Doctor.Check.Status.FAIL);
        out.println(failed ? "Some checks failed." : "All checks passed.");
        out.flush();
        return failed ? 1 : 0;
    }

    /** Gives {@code doctor} the same setting flags as {@code serve} ({@code --http-port} …). */
    static final class SettingFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            Parley.addSettingOptions(command);
            return command;
        }
    }
}
