package chat.parley.cli;

import chat.parley.lan.DiscoveredServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code parley chat --discover}: picks the server to join from those found on the LAN. One found: that one. Several:
 * the person picks a number (or, without a terminal, names one with {@code --server}). None: an error.
 */
final class ServerChooser {

    private ServerChooser() {
    }

    /**
     * @param in  the person's answers, or {@code null} when there is no terminal to ask in
     * @return the chosen server's web address
     * @throws CliException when nothing was found or nothing was chosen
     */
    static String choose(List<DiscoveredServer> found, BufferedReader in, PrintStream out) {
        if (found.isEmpty()) {
            throw new CliException("no Parley server found on the LAN; give one with --server URL");
        }
        if (found.size() == 1) {
            out.println("Found " + describe(found.get(0)));
            return found.get(0).webUrl();
        }
        out.println("Parley servers on the LAN:");
        for (int i = 0; i < found.size(); i++) {
            out.printf("  %d) %s%n", i + 1, describe(found.get(i)));
        }
        if (in == null) {
            throw new CliException("found " + found.size() + " servers; pick one with --server URL");
        }
        out.print("Join which one? [1-" + found.size() + "] ");
        out.flush();
        try {
            String answer = in.readLine();
            int pick = Integer.parseInt(answer == null ? "" : answer.trim());
            if (pick >= 1 && pick <= found.size()) {
                return found.get(pick - 1).webUrl();
            }
        } catch (IOException | NumberFormatException ignored) {
            // answered below
        }
        throw new CliException("no server chosen");
    }

    private static String describe(DiscoveredServer server) {
        return "\"" + server.name() + "\" at " + server.webUrl() + " (Parley " + server.version() + ", auth "
                + server.auth() + ")";
    }
}
