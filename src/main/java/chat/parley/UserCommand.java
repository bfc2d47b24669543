package chat.parley;

import chat.parley.accounts.PasswordHasher;
import chat.parley.accounts.UserStore;
import chat.parley.chat.Names;
import chat.parley.config.ConfigLoader;
import chat.parley.config.ParleyConfig;
import chat.parley.db.SqlStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley user add|passwd|remove|list}: manages the accounts of {@code auth: accounts} in the data dir's
 * {@code parley.db}, or with {@code store: postgresql} in the PostgreSQL every node shares. Works while the server
 * runs (the server reads accounts at every sign-in). The password is asked for twice without echo, or read as one
 * line from stdin with {@code --password-stdin}.
 */
@Command(name = "user", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Manage accounts (auth: accounts): add, passwd, remove, list. Works while the server runs.")
final class UserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Parley parley;

    @Parameters(index = "0", paramLabel = "add|passwd|remove|list", description = "What to do.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The user name (not for list).")
    String user;

    @Option(names = "--password-stdin", description = "Read the password as one line from stdin (for scripts).")
    boolean passwordStdin;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir (default: as parley serve would use).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: $PARLEY_CONFIG, else config/parley.yml if present).")
    Path configFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            int code = run(out);
            out.flush();
            return code;
        } catch (UsageError e) {
            err.println("parley user: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IllegalArgumentException | IllegalStateException | IOException | SQLException e) {
            err.println("parley user: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private int run(PrintWriter out) throws IOException, SQLException {
        if (!action.equals("list")) {
            if (user == null) {
                throw new UsageError(action + " needs a user name, e.g. parley user " + action + " alice");
            }
            if (!Names.isUser(user)) {
                throw new UsageError("user name must match " + Names.USER.pattern() + ", got '" + user + "'");
            }
        }
        try (SqlStore database = openDatabase()) {
            UserStore users = new UserStore(database);
            var sessions = new chat.parley.accounts.SessionStore(database, java.time.Clock.systemUTC());
            switch (action) {
                case "add" -> {
                    if (users.exists(user)) {
                        throw new IllegalStateException("there is already an account named '" + user + "'");
                    }
                    if (!users.add(user, readPassword())) {
                        throw new IllegalStateException("there is already an account named '" + user + "'");
                    }
                    out.println("Added " + user + ".");
                }
                case "passwd" -> {
                    if (!users.exists(user)) {
                        throw new IllegalStateException("there is no account named '" + user + "'");
                    }
                    users.setPassword(user, readPassword());
                    sessions.endAll(user);
                    out.println("Changed the password of " + user + "; their web sessions ended.");
                }
                case "remove" -> {
                    if (!users.remove(user)) {
                        throw new IllegalStateException("there is no account named '" + user + "'");
                    }
                    sessions.endAll(user);
                    out.println("Removed " + user + ".");
                }
                case "list" -> {
                    var all = users.list();
                    all.forEach(u -> out.println(u.user() + "\t" + Instant.ofEpochMilli(u.created())));
                    if (all.isEmpty()) {
                        out.println("No accounts yet: add one with parley user add NAME");
                    }
                }
                default -> throw new UsageError("unknown action '" + action + "': use add, passwd, remove or list");
            }
        }
        return 0;
    }

    private SqlStore openDatabase() throws SQLException, IOException {
        Map<String, String> flags = dataDir == null ? Map.of() : Map.of("data-dir", dataDir.toString());
        ParleyConfig config = ConfigLoader.load(configFile, parley.env, flags);
        OwnerOnly.createDirectories(config.dataDir());
        return ChatStores.openAccountsDatabase(config);
    }

    private String readPassword() throws IOException {
        String password;
        if (passwordStdin) {
            var reader = new BufferedReader(new InputStreamReader(parley.stdin, StandardCharsets.UTF_8));
            password = reader.readLine();
            if (password == null) {
                throw new IllegalArgumentException("no password on stdin");
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new UsageError("not a terminal: give the password on stdin with --password-stdin");
            }
            char[] first = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                throw new IllegalArgumentException("the two passwords differ; nothing changed");
            }
            password = new String(first);
        }
        String problem = PasswordHasher.problem(password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return password;
    }

    /** A mistake in how the command was called: exit code 2. */
    private static final class UsageError extends IllegalArgumentException {
        UsageError(String message) {
            super(message);
        }
    }
}
