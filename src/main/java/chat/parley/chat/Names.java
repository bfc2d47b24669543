package chat.parley.chat;

import java.util.regex.Pattern;

/** The syntax of room ids, user names and message ids. */
public final class Names {

    /** Room ids: lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 64 characters. */
    public static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** User names: like room ids, at most 32 characters. */
    public static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** Client-chosen message ids (idempotency keys). */
    public static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Names() {
    }

    public static boolean isRoom(String s) {
        return s != null && ROOM.matcher(s).matches();
    }

    public static boolean isUser(String s) {
        return s != null && USER.matcher(s).matches();
    }

    /** A key messages are stored under: a room id, or {@code dm:a:b} for the direct messages of users a < b. */
    public static boolean isRoomKey(String s) {
        if (isRoom(s)) {
            return true;
        }
        if (s == null || !s.startsWith("dm:")) {
            return false;
        }
        String[] users = s.substring(3).split(":", -1);
        return users.length == 2 && isUser(users[0]) && isUser(users[1]) && users[0].compareTo(users[1]) < 0;
    }

    public static boolean isMessageId(String s) {
        return s != null && MESSAGE_ID.matcher(s).matches();
    }
}
