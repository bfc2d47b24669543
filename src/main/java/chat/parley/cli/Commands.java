package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jline.utils.AttributedString;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a typed line does: a slash command, or a message to the current room. {@code //text} sends {@code /text}.
 */
final class Commands {

    /** What became of a line. */
    enum Outcome { OK, FAILED, QUIT }

    static final String HELP = String.join("\n",
            "/join ROOM     join a room (and make it the current one)",
            "/random        make a new random room and join it (its name is its invitation)",
            "/rooms         the rooms and conversations you joined, with their message counts",
            "/dm NAME [TEXT] talk with NAME alone (and say TEXT); their messages to you show up by themselves",
            "/private ROOM  make a new private room (invite-only) and join it",
            "/invite NAME   invite NAME into this private room (in a public room: how others join)",
            "/members       who belongs to this private room",
            "/remove NAME   take NAME out of this private room (the one who made it only)",
            "/name [TEXT]   this room's name for everyone in it (/name - takes it away; alone: show it)",
            "/leave         leave this room (a private room: give up membership) and go to another one",
            "/who           who is online",
            "/history [N]   the last N messages of this room (default " + ChatClient.DEFAULT_HISTORY + ")",
            "/me ACTION     say what you do: * alice waves",
            "/reply [^N] TEXT  answer the latest message here (^2: the one before it, …)",
            "/react EMOJI [^N] react to the latest message (again: take it back)",
            "/edit [^N] TEXT   change your latest message (^2: your one before it)",
            "/delete [^N]      delete your latest message",
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
                    session.announce(room, chat.title(room), "You are in the new random room");
                    yield Outcome.OK;
                }
                case "/rooms" -> rooms();
                case "/reply" -> reply(argument);
                case "/react" -> react(argument);
                case "/edit" -> edit(argument);
                case "/delete" -> delete(argument);
                case "/dm" -> dm(argument);
                case "/private" -> createPrivate(argument);
                case "/invite" -> invite(argument);
                case "/members" -> members();
                case "/remove" -> remove(argument);
                case "/name" -> name(argument);
                case "/leave" -> leave();
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
        session.announce(room, chat.title(room), "You are in");
        return Outcome.OK;
    }

    /** A message named in a command: {@code ^N} (the N-th latest, 1 by default) and the rest of the line. */
    private record Pick(int n, String rest) {
        static Pick of(String argument) {
            String[] words = argument.split("\\s+", 2);
            if (words[0].matches("\\^[1-9][0-9]{0,2}")) {
                return new Pick(Integer.parseInt(words[0].substring(1)), words.length > 1 ? words[1] : "");
            }
            return new Pick(1, argument);
        }
    }

    private Optional<ObjectNode> pick(int n, boolean mine) {
        return chat.memory().latest(chat.room(), n, mine ? session.user() : null);
    }

    private Outcome nothingThere(int n, boolean mine) {
        return usage("no " + (mine ? "message of yours" : "message") + (n == 1 ? "" : " ^" + n) + " here to use"
                + " (only messages shown in this session count; /history shows more)");
    }

    private Outcome reply(String argument) {
        Pick pick = Pick.of(argument);
        if (pick.rest().isBlank()) {
            return usage("/reply [^N] TEXT, e.g. /reply sounds good");
        }
        var target = pick(pick.n(), false);
        if (target.isEmpty()) {
            return nothingThere(pick.n(), false);
        }
        return chat.send(pick.rest(), target.get().path("id").asText()) ? Outcome.OK : Outcome.FAILED;
    }

    /** Adds the reaction, or takes it back when it is there already. */
    private Outcome react(String argument) {
        String[] words = argument.split("\\s+", 2);
        if (words[0].isEmpty()) {
            return usage("/react EMOJI [^N], e.g. /react 👍");
        }
        Pick pick = Pick.of(words.length > 1 ? words[1] : "");
        var target = pick(pick.n(), false);
        if (target.isEmpty()) {
            return nothingThere(pick.n(), false);
        }
        boolean mine = false;
        for (JsonNode who : target.get().path("reactions").path(words[0])) {
            mine |= who.asText().equals(session.user());
        }
        String op = mine ? "remove" : "add";
        return chat.sendEvent("reaction", e -> e.put("target", target.get().path("id").asText())
                .put("emoji", words[0]).put("op", op), null) ? Outcome.OK : Outcome.FAILED;
    }

    private Outcome edit(String argument) {
        Pick pick = Pick.of(argument);
        if (pick.rest().isBlank()) {
            return usage("/edit [^N] TEXT, e.g. /edit the meeting is at 3");
        }
        var target = pick(pick.n(), true);
        if (target.isEmpty()) {
            return nothingThere(pick.n(), true);
        }
        return chat.sendEvent("edit", e -> e.put("target", target.get().path("id").asText()), pick.rest())
                ? Outcome.OK : Outcome.FAILED;
    }

    /** Deletes one of your messages; in a terminal it asks first. */
    private Outcome delete(String argument) {
        Pick pick = Pick.of(argument);
        if (!pick.rest().isBlank()) {
            return usage("/delete [^N]: your latest message, or ^N for the N-th latest");
        }
        var target = pick(pick.n(), true);
        if (target.isEmpty()) {
            return nothingThere(pick.n(), true);
        }
        if (screen.interactive()) {
            String text = target.get().path("text").asText("this message");
            String answer = screen.ask("Delete “" + Lines.clean(text.length() > 40 ? text.substring(0, 40) + "…"
                    : text) + "” for everyone? [y/N] ");
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                screen.notice("kept");
                return Outcome.OK;
            }
        }
        return chat.sendEvent("delete", e -> e.put("target", target.get().path("id").asText()), null)
                ? Outcome.OK : Outcome.FAILED;
    }

    /** {@code /dm NAME [TEXT]}: makes the direct conversation with NAME the current one, and says TEXT in it. */
    private Outcome dm(String argument) {
        String[] words = argument.split("\\s+", 2);
        String other = words[0].startsWith("@") ? words[0].substring(1) : words[0];
        if (!Ids.isUser(other)) {
            return usage("/dm NAME [TEXT]: a name is lower-case letters, digits, - and _ (at most 32), e.g. bob");
        }
        if (other.equals(session.user())) {
            return usage("/dm NAME: that is you; name someone else");
        }
        chat.join(Conversations.dm(session.user(), other));
        if (words.length > 1 && !words[1].isBlank()) {
            return chat.send(words[1]) ? Outcome.OK : Outcome.FAILED;
        }
        screen.notice("Talking with @" + other + " alone. /join ROOM goes back to a room.");
        return Outcome.OK;
    }

    private Outcome createPrivate(String argument) {
        String room = argument.startsWith("#") ? argument.substring(1) : argument;
        if (!Ids.isRoom(room)) {
            return usage("/private ROOM: a room id is lower-case letters, digits, - and _ (at most 64), e.g. plans");
        }
        if (!session.hasHistory()) {
            return usage("/private needs a Parley server (a plain broker has no private rooms)");
        }
        session.api().createPrivateRoom(room);
        chat.join(room);
        say("You are in the new private room #" + room + ": only members read it. /invite NAME adds one.");
        return Outcome.OK;
    }

    private Outcome invite(String argument) {
        String user = argument.startsWith("@") ? argument.substring(1) : argument;
        String room = chat.room();
        if (Conversations.isDm(room)) {
            return usage("/invite: a direct conversation has two people; /private ROOM makes a room for more");
        }
        if (!Ids.isUser(user)) {
            return usage("/invite NAME: a name is lower-case letters, digits, - and _ (at most 32), e.g. bob");
        }
        if (!session.hasHistory() || !isPrivate(room)) {
            session.announce(room, chat.title(room), "#" + room + " is open to anyone with its name:");
            return Outcome.OK;
        }
        JsonNode after = session.api().invite(room, user);
        say("Invited " + user + " into #" + room + ". Members: " + names(after.path("members")));
        return Outcome.OK;
    }

    private Outcome members() {
        String room = chat.room();
        if (Conversations.isDm(room)) {
            say("@" + Conversations.other(room, session.user()) + " and you");
            return Outcome.OK;
        }
        JsonNode found = session.hasHistory() ? privateRoom(room) : null;
        if (found == null) {
            say("#" + room + " is not private: anyone with its name can read it (/who: who is online)");
            return Outcome.OK;
        }
        say("Members of #" + room + ": " + names(found.path("members")));
        return Outcome.OK;
    }

    /** {@code /remove NAME}: the owner of the private room takes a member out. */
    private Outcome remove(String argument) {
        String user = argument.startsWith("@") ? argument.substring(1) : argument;
        String room = chat.room();
        if (!Ids.isUser(user)) {
            return usage("/remove NAME: a name is lower-case letters, digits, - and _ (at most 32), e.g. bob");
        }
        if (user.equals(session.user())) {
            return usage("/remove NAME: to go yourself, /leave");
        }
        if (Conversations.isDm(room) || !session.hasHistory() || !isPrivate(room)) {
            return usage("/remove: #" + room + " is not a private room of yours; anyone with its name can join it");
        }
        session.api().leave(room, user);
        say("Removed " + user + " from #" + room + ".");
        return Outcome.OK;
    }

    /** {@code /name TEXT} names the room for everyone in it; {@code /name -} takes the name away; alone, shows it. */
    private Outcome name(String argument) {
        String room = chat.room();
        if (Conversations.isDm(room)) {
            return usage("/name: a direct conversation is named after the other person");
        }
        if (argument.isEmpty()) {
            say(chat.titles().name(room).map(n -> chat.title(room)).orElse("#" + room + " has no name; /name TEXT "
                    + "gives it one"));
            return Outcome.OK;
        }
        if (!session.hasHistory()) {
            return usage("/name needs a Parley server (a plain broker keeps no room names)");
        }
        String name = argument.equals("-") ? null : argument;
        JsonNode now = session.api().setRoomName(room, name);
        chat.titles().fromSummaries(List.of(room), List.of(now));
        say(name == null ? "#" + room + " has no name now." : "#" + room + " is now called “" + Lines.clean(name)
                + "” for everyone in it.");
        return Outcome.OK;
    }

    private Outcome leave() {
        String room = chat.room();
        if (!chat.leave(room)) {
            return usage("/leave: this is the only room you are in; /join another one first");
        }
        if (!Conversations.isDm(room) && session.hasHistory() && isPrivate(room)) {
            session.api().leave(room, session.user());
            say("You left the private room #" + room + "; a member must invite you to come back.");
        } else {
            say("You left " + Conversations.label(room, session.user()) + ".");
        }
        say("You are in " + Conversations.label(chat.room(), session.user()) + ".");
        return Outcome.OK;
    }

    /** The answer to a command: printed also when piped (status notices are not). */
    private void say(String text) {
        screen.print(new AttributedString(Lines.clean(text)));
    }

    private boolean isPrivate(String room) {
        return privateRoom(room) != null;
    }

    /** The private room as the server describes it to a member, or null when it is not one of ours. */
    private JsonNode privateRoom(String room) {
        for (JsonNode r : session.api().privateRooms().path("rooms")) {
            if (r.path("room").asText().equals(room)) {
                return r;
            }
        }
        return null;
    }

    private static String names(JsonNode members) {
        var out = new StringBuilder();
        members.forEach(m -> out.append(out.length() == 0 ? "" : ", ").append(m.asText()));
        return Lines.clean(out.toString());
    }

    private Outcome rooms() {
        List<String> joined = chat.feeds().rooms();
        Map<String, JsonNode> summaries = new java.util.HashMap<>();
        List<String> rooms = joined.stream().filter(r -> !Conversations.isDm(r)).toList();
        if (session.hasHistory() && !rooms.isEmpty()) {
            for (JsonNode summary : session.api().rooms(rooms)) {
                summaries.put(summary.path("room").asText(), summary);
            }
        }
        if (session.hasHistory() && !rooms.isEmpty()) {
            chat.titles().fromSummaries(rooms, summaries.values());
        }
        int width = joined.stream().mapToInt(room -> chat.title(room).length()).max().orElse(0);
        for (String room : joined) {
            JsonNode summary = summaries.get(room);
            String current = room.equals(chat.room()) ? "* " : "  ";
            long messages = summary == null ? 0 : summary.path("count").asLong();
            String count = messages == 0 ? (session.hasHistory() ? "no messages yet" : "") : messages + " messages";
            String name = String.format("%-" + width + "s", chat.title(room));
            screen.print(new AttributedString(Lines.clean(current + name + (count.isEmpty() ? "" : "  " + count))));
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
        String label = Conversations.label(chat.room(), session.user());
        if (messages.isEmpty()) {
            screen.notice("no messages in " + label + " yet");
        } else {
            screen.notice("-- the last " + messages.size() + " of " + label + " --");
        }
        messages.stream().filter(MessageMemory::isMessage).forEach(chat::show); // events are folded into them
        return Outcome.OK;
    }

    private Outcome usage(String message) {
        screen.warn(message);
        return Outcome.FAILED;
    }
}
