package chat.parley;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.Bot;
import chat.parley.chat.Names;
import chat.parley.config.ConfigLoader;
import chat.parley.config.ParleyConfig;
import chat.parley.db.SqlStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley bot add|list|rotate|revoke}: bot accounts in the data dir's database, also while the server runs (it
 * looks bots up at every post and connection). A new or rotated token is the only line on stdout, so
 * {@code T=$(parley bot add ci --room builds)} keeps it; what it is and how to use it goes to stderr. Removing a bot
 * (with its webhooks) is the admin page's or {@code DELETE /api/admin/bots/{bot}}.
 */
@Command(name = "bot", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Manage bot accounts: add, list, rotate, revoke. Works while the server runs.")
final class BotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Parley parley;

    @Parameters(index = "0", paramLabel = "add|list|rotate|revoke", description = "What to do.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The bot's name (not for list).")
    String name;

    @Option(names = "--room", paramLabel = "ROOM",
            description = "With add: a room the bot may post to (repeat for several; none: any room).")
    List<String> rooms = List.of();

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
            run(out, err);
            return 0;
        } catch (UsageError e) {
            err.println("parley bot: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IllegalStateException | IOException | SQLException e) {
            err.println("parley bot: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void run(PrintWriter out, PrintWriter err) throws IOException, SQLException {
        if (!action.equals("list")) {
            if (name == null) {
                throw new UsageError(action + " needs a bot's name, e.g. parley bot " + action + " ci");
            }
            if (!Names.isUser(name)) {
                throw new UsageError("a bot's name must match " + Names.USER.pattern() + ", got '" + name + "'");
            }
        }
        if (!action.equals("add") && !rooms.isEmpty()) {
            throw new UsageError("--room goes with add only");
        }
        ParleyConfig config = config();
        OwnerOnly.createDirectories(config.dataDir());
        SqlStore database = ChatStores.openAccountsDatabase(config);
        Accounts accounts = Accounts.open(config, database, new SimpleMeterRegistry());
        try {
            switch (action) {
                case "add" -> add(accounts, config, out, err);
                case "list" -> list(accounts, out);
                case "rotate" -> {
                    out.println(accounts.bots().rotate(name).orElseThrow(() -> noSuchBot()));
                    err.println("That is the new token of " + name + ", shown this once; the old one no longer "
                            + "works (an MQTT connection made with it lasts until it reconnects).");
                }
                case "revoke" -> {
                    if (!accounts.bots().revoke(name)) {
                        throw noSuchBot();
                    }
                    err.println("Revoked the token of " + name + "; parley bot rotate " + name
                            + " gives it a new one.");
                }
                default -> throw new UsageError("unknown action '" + action + "': use add, list, rotate or revoke");
            }
        } finally {
            database.close();
        }
    }

    private void add(Accounts accounts, ParleyConfig config, PrintWriter out, PrintWriter err) {
        List<String> limits;
        try {
            limits = Bot.requireRooms(rooms);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--room " + e.getMessage().substring("rooms: ".length()));
        }
        String problem = accounts.botNameProblem(name);
        if (problem != null) {
            throw new IllegalStateException(problem + ": a bot needs a name of its own");
        }
        String token = accounts.bots().create(name, limits).orElseThrow(() ->
                new IllegalStateException("there is already a bot named '" + name + "'"));
        out.println(token);
        String room = limits.isEmpty() ? "general" : limits.get(0);
        err.println("Made the bot " + name + " (" + (limits.isEmpty() ? "any room" : "rooms: "
                + String.join(", ", limits)) + "). That is its token, shown this once. Post with:");
        err.println("  curl -H \"Authorization: Bearer $T\" -d 'deploy done' http://localhost:" + config.httpPort()
                + "/api/rooms/" + room + "/messages");
    }

    private void list(Accounts accounts, PrintWriter out) {
        var bots = accounts.bots().list();
        for (Bot bot : bots) {
            out.println(bot.name() + "\t" + (bot.rooms().isEmpty() ? "*" : String.join(",", bot.rooms())) + "\t"
                    + (bot.hasToken() ? "token" : "no token") + "\t" + Instant.ofEpochMilli(bot.created()));
        }
        if (bots.isEmpty()) {
            out.println("No bots yet: add one with parley bot add NAME [--room ROOM]");
        }
    }

    private ParleyConfig config() {
        Map<String, String> flags = dataDir == null ? Map.of() : Map.of("data-dir", dataDir.toString());
        return ConfigLoader.load(configFile, parley.env, flags);
    }

    private IllegalStateException noSuchBot() {
        return new IllegalStateException("there is no bot named '" + name + "'");
    }

    /** A mistake in how the command was called: exit code 2. */
    private static final class UsageError extends IllegalArgumentException {
        UsageError(String message) {
            super(message);
        }
    }
}
