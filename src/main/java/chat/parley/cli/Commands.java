package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.jline.utils.AttributedString;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a typed line does: a slash command, or a message to the current room. {@code //text} sends {@code /text}.
 */
final class Commands {

    /** What became of a line. */
    enum Outcome { OK, FAILED, QUIT }

    static final String HELP = String.join("\n",
            "/join ROOM     join a room (and make it the current one)",
            "/random        make a new random room and join it (its name is its invitation)",
            "/rooms         the rooms you joined, with their message counts",
            "/who           who is online",
            "/history [N]   the last N messages of this room (default " + ChatClient.DEFAULT_HISTORY + ")",
            "/me ACTION     say what you do: * alice waves",
            "/quit          leave (also Ctrl-D or Ctrl-C)",
            "//text         send a message that starts with /");

    private final ChatClient chat;
    private final Session session;
    private final Screen screen;

    Commands(ChatClient chat, Session session, Screen screen) {
        this.chat = chat;
        this.session = session;
        this.screen = screen;
    }

    Outcome handle(String line) {
        if (line.isBlank()) {
            return Outcome.OK;
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            return chat.send(line.startsWith("//") ? line.substring(1) : line) ? Outcome.OK : Outcome.FAILED;
        }
        String[] words = line.strip().split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        try {
            return switch (words[0].toLowerCase(Locale.ROOT)) {
                case "/quit", "/exit" -> Outcome.QUIT;
                case "/join" -> join(argument);
                case "/random" -> {
                    String room = Ids.randomRoom();
                    chat.join(room);
                    session.announce(room, "You are in the new random room");
                    yield Outcome.OK;
                }
                case "/rooms" -> rooms();
                case "/who" -> who();
                case "/history" -> history(argument);
                case "/me" -> argument.isEmpty() ? usage("/me ACTION, e.g. /me waves")
                        : chat.send(Lines.ACTION + argument) ? Outcome.OK : Outcome.FAILED;
                case "/help", "/?" -> {
                    HELP.lines().forEach(help -> screen.print(new AttributedString(help)));
                    yield Outcome.OK;
                }
                default -> usage("unknown command " + words[0] + " (/help lists the commands)");
            };
        } catch (CliException e) {
            screen.warn(e.getMessage());
            return Outcome.FAILED;
        }
    }

    private Outcome join(String argument) {
        String room = argument.startsWith("#") ? argument.substring(1) : argument;
        if (!Ids.isRoom(room)) {
            return usage("/join ROOM: a room id is lower-case letters, digits, - and _ (at most 64), e.g. general");
        }
        chat.join(room);
        session.announce(room, "You are in");
        return Outcome.OK;
    }

    private Outcome rooms() {
        List<String> joined = chat.feeds().rooms();
        Map<String, JsonNode> summaries = new java.util.HashMap<>();
        if (session.hasHistory()) {
            for (JsonNode summary : session.api().rooms(joined)) {
                summaries.put(summary.path("room").asText(), summary);
            }
        }
        int width = joined.stream().mapToInt(String::length).max().orElse(0);
        for (String room : joined) {
            JsonNode summary = summaries.get(room);
            String current = room.equals(chat.room()) ? "* " : "  ";
            String count = summary == null ? (session.hasHistory() ? "no messages yet" : "")
                    : summary.path("count").asLong() + " messages";
            String name = String.format("%-" + (width + 1) + "s", "#" + room);
            screen.print(new AttributedString(current + name + (count.isEmpty() ? "" : "  " + count)));
        }
        return Outcome.OK;
    }

    private Outcome who() {
        Map<String, String> online = chat.presence();
        if (online.isEmpty()) {
            screen.print(new AttributedString("nobody is online"));
            return Outcome.OK;
        }
        var line = new StringBuilder("online (" + online.size() + "): ");
        online.forEach((user, status) -> line.append(user).append(status.equals("online") ? "" : " (" + status + ")")
                .append(", "));
        screen.print(new AttributedString(Lines.clean(line.substring(0, line.length() - 2))));
        return Outcome.OK;
    }

    private Outcome history(String argument) {
        if (!session.hasHistory()) {
            return usage("/history needs a Parley server (a plain broker keeps no history)");
        }
        int n = ChatClient.DEFAULT_HISTORY;
        if (!argument.isEmpty()) {
            try {
                n = Integer.parseInt(argument);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                return usage("/history [N]: N is a number from 1 to 500");
            }
        }
        List<JsonNode> messages = session.latest(chat.room(), n);
        if (messages.isEmpty()) {
            screen.notice("no messages in #" + chat.room() + " yet");
        } else {
            screen.notice("-- the last " + messages.size() + " of #" + chat.room() + " --");
        }
        messages.forEach(chat::show);
        return Outcome.OK;
    }

    private Outcome usage(String message) {
        screen.warn(message);
        return Outcome.FAILED;
    }
}
