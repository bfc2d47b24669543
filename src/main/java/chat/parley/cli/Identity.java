package chat.parley.cli;

import java.net.URI;
import java.util.Optional;

/**
 * Who we are and where to connect, resolved the way the browser does it: the server's {@code /api/info} gives the
 * MQTT endpoint, the topic prefix and the auth mode; in {@code auth: open} the user name is claimed on first use and
 * its secret kept in the config dir (a name claimed by someone else is refused); in {@code auth: accounts} the
 * password is asked for without echo. With {@code --broker} there is no server: no claim, no password.
 *
 * @param api null in broker mode
 */
record Identity(String user, String password, URI mqtt, String prefix, ServerApi api, String serverName) {

    static Identity resolve(ChatOptions options, Screen screen) {
        if (options.brokerMode()) {
            String prefix = options.prefix() != null ? options.prefix() : Ids.randomPrefix();
            if (options.prefix() == null && !screen.interactive()) { // in a terminal the invitation says it
                screen.warn("topic prefix " + prefix + " (random: give the other side --prefix " + prefix + ")");
            }
            return new Identity(user(options.user(), screen), null, options.broker(), prefix, null, null);
        }
        var api = new ServerApi(options.server(), CaFile.trust(options.caFile()));
        ServerInfo info = api.info();
        String server = ServerApi.normalize(options.server());
        String name = "Parley \"" + info.name() + "\" " + info.version();
        String user = user(options.user(), screen);
        if (info.auth().equals("accounts")) {
            String password = screen.askSecret("Password for " + user + " on " + server + ": ");
            if (password == null) {
                throw new CliException("this server signs in with accounts: run parley chat in a terminal to type"
                        + " the password");
            }
            // The session token serves as the MQTT password too: the password itself is not kept.
            String session = api.login(user, password);
            return new Identity(user, session, info.mqtt(), info.prefix(), api, name);
        }
        var secrets = new SecretStore(options.configDir());
        while (true) {
            Optional<String> secret = claimedSecret(api, secrets, server, user, screen);
            if (secret.isPresent()) {
                signIn(api, user, secret.get());
                return new Identity(user, secret.get(), info.mqtt(), info.prefix(), api, name);
            }
            String taken = "the name '" + user + "' is claimed by someone else on " + server;
            if (!screen.interactive()) {
                throw new CliException(taken + " (no secret for it in " + secrets.file() + "): pick another --user");
            }
            screen.warn(taken + ": pick another");
            user = user(null, screen);
        }
    }

    /**
     * Claims the name; when it is already claimed, the secret we kept (if any). Claiming first also covers a server
     * whose data was reset: the name is ours again with a new secret.
     */
    private static Optional<String> claimedSecret(ServerApi api, SecretStore secrets, String server, String user,
                                                  Screen screen) {
        Optional<String> fresh = api.claim(user);
        if (fresh.isPresent()) {
            secrets.put(server, user, fresh.get());
            screen.notice("Claimed the name '" + user + "' on " + server + "; its secret is kept in "
                    + secrets.file());
            return fresh;
        }
        return secrets.secret(server, user);
    }

    /** Signs the history requests in (so the user's DMs and private rooms load); an older server has no sign-in. */
    private static void signIn(ServerApi api, String user, String secret) {
        try {
            api.login(user, secret);
        } catch (CliException e) {
            // history of public rooms still loads without a session
        }
    }

    /** The given user name, else asked for (in a terminal) or taken from the system user (piped). */
    private static String user(String given, Screen screen) {
        if (given != null) {
            return given;
        }
        String system = Ids.fromSystemUser(System.getProperty("user.name"));
        if (!screen.interactive()) {
            if (system == null) {
                throw CliException.usage("give --user NAME when the input is not a terminal");
            }
            return system;
        }
        while (true) {
            String answer = screen.ask("Your name" + (system == null ? "" : " [" + system + "]") + ": ");
            if (answer == null) {
                throw new CliException(null, 0);
            }
            String name = answer.isEmpty() && system != null ? system : answer.toLowerCase(java.util.Locale.ROOT);
            if (Ids.isUser(name)) {
                return name;
            }
            screen.warn("a name is lower-case letters, digits, - and _ (at most 32), starting with a letter or digit");
        }
    }
}
