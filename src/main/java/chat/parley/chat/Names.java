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

    /** A room's display name has at most this many characters (code points). */
    public static final int ROOM_NAME_MAX = 64;

    private Names() {
    }

    /**
     * Why {@code name} cannot be a room's display name, or null when it can: 1 to {@value #ROOM_NAME_MAX} characters
     * of any script and emoji, not blank, without spaces at either end, control characters, line breaks or the
     * direction overrides that make a name read differently from what it is (U+202A–U+202E, U+2066–U+2069).
     */
    public static String roomNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "name must not be blank";
        }
        if (!name.strip().equals(name)) {
            return "name must not start or end with a space";
        }
        if (name.codePointCount(0, name.length()) > ROOM_NAME_MAX) {
            return "name has at most " + ROOM_NAME_MAX + " characters";
        }
        if (name.codePoints().anyMatch(Names::unfitForAName)) {
            return "name must not contain control characters, line breaks or direction overrides";
        }
        return null;
    }

    private static boolean unfitForAName(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || Character.getType(c) == Character.SURROGATE;
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
