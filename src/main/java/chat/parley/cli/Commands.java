package chat.parley.cli;

import chat.parley.files.Sizes;
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

    /** Where the descriptions of {@link #HELP} start: past the usages, so that they line up as one column. */
    private static final int HELP_COLUMN = 19;

    static final String HELP = help(
            "/join ROOM", "join a room (and make it the current one)",
            "/random", "make a new random room and join it (its name is its invitation)",
            "/rooms", "the rooms and conversations you joined, with their message counts",
            "/dm NAME [TEXT]", "talk with NAME alone (and say TEXT); their messages to you show up by themselves",
            "/private ROOM", "make a new private room (invite-only) and join it",
            "/invite NAME", "invite NAME into this private room (in a public room: how others join)",
            "/members", "who belongs to this private room",
            "/remove NAME", "take NAME out of this private room (the one who made it only)",
            "/name [TEXT]", "this room's name for everyone in it (/name - takes it away; alone: show it)",
            "/leave", "leave this room (a private room: give up membership) and go to another one",
            "/who", "who is online",
            "/history [N]", "the last N messages of this room (default " + ChatClient.DEFAULT_HISTORY + ")",
            "/me ACTION", "say what you do: * alice waves",
            "/reply [^N] TEXT", "answer the latest message here (^2: the one before it, …)",
            "/react EMOJI [^N]", "react to the latest message (again: take it back)",
            "/edit [^N] TEXT", "change your latest message (^2: your one before it)",
            "/delete [^N]", "delete your latest message",
            "/upload PATH [CAPTION]", "share a file here (pictures get a thumbnail for the web client)",
            "/download [N|ID] [DIR]", "save the latest file here (N: the N-th latest; ID: a file id) into DIR or .",
            "/quit", "leave (also Ctrl-D or Ctrl-C)",
            "//text", "send a message that starts with /");

    /** Usage and description pairs as lines; a usage too long for {@link #HELP_COLUMN} has its own line. */
    private static String help(String... pairs) {
        var lines = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            String usage = pairs[i];
            String gap = usage.length() + 2 <= HELP_COLUMN ? " ".repeat(HELP_COLUMN - usage.length())
                    : "\n" + " ".repeat(HELP_COLUMN);
            lines.append(i == 0 ? "" : "\n").append(usage).append(gap).append(pairs[i + 1]);
        }
        return lines.toString();
    }

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
                case "/upload" -> upload(argument);
                case "/download" -> download(argument);
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

    /** {@code /upload PATH [CAPTION]}: a path with spaces is quoted ("my photo.jpg"). */
    private Outcome upload(String argument) {
        if (argument.isEmpty()) {
            return usage("/upload PATH [CAPTION], e.g. /upload ~/shot.png the new login page");
        }
        String pathText;
        String caption;
        if (argument.startsWith("\"")) {
            int end = argument.indexOf('"', 1);
            if (end < 0) {
                return usage("/upload \"PATH WITH SPACES\" [CAPTION]: the closing quote is missing");
            }
            pathText = argument.substring(1, end);
            caption = argument.substring(end + 1).strip();
        } else {
            String[] words = argument.split("\\s+", 2);
            pathText = words[0];
            caption = words.length > 1 ? words[1] : "";
        }
        if (pathText.startsWith("~/")) {
            pathText = System.getProperty("user.home") + pathText.substring(1);
        }
        java.nio.file.Path file = java.nio.file.Path.of(pathText);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return usage("/upload: no file " + file);
        }
        if (!session.hasHistory()) {
            return usage("/upload needs a Parley server (this is a plain MQTT broker)");
        }
        screen.notice("uploading " + file.getFileName() + " ("
                + Sizes.human(sizeOf(file)) + ")…");
        RoomLock lock = chat.currentLock();
        if (lock != null) {
            return uploadSealed(lock, file, caption);
        }
        JsonNode answer = session.api().upload(chat.room(), file);
        return chat.sendFile(answer, caption) ? Outcome.OK : Outcome.FAILED;
    }

    /** In an end-to-end encrypted room the file is encrypted here; its name and type travel sealed. */
    private Outcome uploadSealed(RoomLock lock, java.nio.file.Path file, String caption) {
        byte[] bytes;
        String type;
        try {
            bytes = java.nio.file.Files.readAllBytes(file); // at most max-file-bytes: AES-GCM seals it whole
            type = java.nio.file.Files.probeContentType(file);
        } catch (java.io.IOException e) {
            return usage("/upload: cannot read " + file + ": " + e.getMessage());
        }
        JsonNode answer = session.api().uploadSealed(chat.room(), lock.sealBytes(bytes));
        var described = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("id", answer.path("file").path("id").asText())
                .put("name", file.getFileName().toString())
                .put("size", bytes.length)
                .put("mime", type == null ? "application/octet-stream" : type);
        return chat.sendSealedFile(lock, described, caption) ? Outcome.OK : Outcome.FAILED;
    }

    private static long sizeOf(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** {@code /download [N|ID] [DIR]}: saves a file under its own name, never over an existing file. */
    private Outcome download(String argument) {
        String[] words = argument.isEmpty() ? new String[0] : argument.split("\\s+", 2);
        String which = words.length > 0 ? words[0] : "1";
        String dir = words.length > 1 ? words[1] : ".";
        String id;
        String name;
        boolean encrypted = false;
        if (which.matches("\\^?[1-9][0-9]{0,2}")) {
            int n = Integer.parseInt(which.replace("^", ""));
            var message = chat.memory().latestFile(chat.room(), n);
            if (message.isEmpty()) {
                return usage("no file" + (n == 1 ? "" : " " + n) + " here to download (only files shown in this "
                        + "session count; /history shows more)");
            }
            JsonNode file = message.get().path("file");
            if (!file.hasNonNull("id")) {
                return usage("that file is a link elsewhere: " + file.path("url").asText());
            }
            id = file.path("id").asText();
            name = file.path("name").asText("file");
            encrypted = file.path("encrypted").asBoolean(false);
        } else if (which.matches("[A-Za-z0-9_-]{16,64}")) {
            id = which;
            name = id;
        } else {
            return usage("/download [N|ID] [DIR]: N is 1 for the latest file here, 2 for the one before it, …");
        }
        java.nio.file.Path target = freeName(java.nio.file.Path.of(dir), safeName(name));
        long bytes = session.api().download(id, target);
        if (encrypted) {
            bytes = openInPlace(target);
        }
        screen.notice("saved " + target + " (" + Sizes.human(bytes) + ")");
        return Outcome.OK;
    }

    /** Replaces a downloaded ciphertext with the file it holds; a file that does not open is removed. */
    private long openInPlace(java.nio.file.Path target) {
        RoomLock lock = chat.currentLock();
        try {
            if (lock == null) {
                throw new CliException("this encrypted file needs the room's key: join with --key or --passphrase");
            }
            byte[] plain = lock.openBytes(java.nio.file.Files.readAllBytes(target));
            java.nio.file.Files.write(target, plain);
            return plain.length;
        } catch (chat.parley.e2e.E2eException | java.io.IOException | CliException e) {
            try {
                java.nio.file.Files.deleteIfExists(target);
            } catch (java.io.IOException ignored) {
                // nothing more to remove
            }
            throw e instanceof CliException cli ? cli : new CliException("cannot open the file: " + e.getMessage());
        }
    }

    /** A file name that cannot leave the folder it is saved in. */
    private static String safeName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("[\\p{Cntrl}]", "").strip();
        return base.isEmpty() || base.startsWith(".") ? "file" + base : base;
    }

    /** {@code dir/name}, or {@code dir/name (2)…} when that exists. */
    private static java.nio.file.Path freeName(java.nio.file.Path dir, String name) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new CliException("no folder " + dir);
        }
        java.nio.file.Path target = dir.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; java.nio.file.Files.exists(target); i++) {
            target = dir.resolve(stem + " (" + i + ")" + ext);
        }
        return target;
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
            // a conversation's count is not asked for (the server's room summaries are of rooms): none is shown for it
            String count = messages == 0 ? (session.hasHistory() && !Conversations.isDm(room) ? "no messages yet" : "")
                    : messages == 1 ? "1 message" : messages + " messages";
            String name = String.format("%-" + width + "s", chat.title(room));
            screen.print(new AttributedString(Lines.clean((current + name + "  " + count).stripTrailing())));
        }
        return Outcome.OK;
    }

    private Outcome who() {
        screen.print(new AttributedString(Lines.clean(whoLine(chat.presence(), WHO_SHOWN))));
        return Outcome.OK;
    }

    /** The most names {@code /who} prints: in a room of thousands, a line of thousands of names helps nobody. */
    static final int WHO_SHOWN = 100;

    /** {@code online (3): alice, bob (away), carol}: the first {@code most} by name, then how many more. */
    static String whoLine(java.util.SortedMap<String, String> online, int most) {
        if (online.isEmpty()) {
            return "nobody is online";
        }
        var line = new StringBuilder("online (" + online.size() + "): "); // plain numbers: scripts read this line
        int shown = 0;
        for (var person : online.entrySet()) {
            if (shown == most) {
                break;
            }
            line.append(shown++ == 0 ? "" : ", ").append(person.getKey())
                    .append(person.getValue().equals("online") ? "" : " (" + person.getValue() + ")");
        }
        if (online.size() > most) {
            line.append(" and ").append(online.size() - most).append(" more");
        }
        return line.toString();
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
