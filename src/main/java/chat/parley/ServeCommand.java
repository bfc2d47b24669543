package chat.parley;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code parley serve}: runs the server until Ctrl-C or SIGTERM (also what plain {@code parley} does). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Run the Parley server (the default command).")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Parley parley;

    @Mixin
    ServeOptions options;

    @Override
    public Integer call() {
        return parley.serve(options, spec);
    }
}
