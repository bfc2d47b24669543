package chat.parley.cli;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/** Random ids from a secure source, with the same shapes the web client uses. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private Ids() {
    }

    /** A random room id: 13 base32 characters, 65 random bits, so the room's name works as its invitation. */
    static String randomRoom() {
        return random(BASE32, 13);
    }

    /** A random topic prefix for {@code --broker} mode: {@code parley-} and 65 random bits. */
    static String randomPrefix() {
        return "parley-" + random(BASE32, 13);
    }

    /** A message id (the server's idempotency key): 96 random bits. */
    static String messageId() {
        return random(URLSAFE, 16);
    }

    /** A client id such as {@code alice-cli-k3x9q2}, as the paper's client generated one. */
    static String clientId(String user) {
        return user + "-cli-" + random(BASE32, 6);
    }

    static boolean isRoom(String s) {
        return s != null && ROOM.matcher(s).matches();
    }

    static boolean isUser(String s) {
        return s != null && USER.matcher(s).matches();
    }

    /** The operating system's user name as a Parley user name, or null when nothing usable is left. */
    static String fromSystemUser(String name) {
        if (name == null) {
            return null;
        }
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[-_]+", "");
        s = s.length() > 32 ? s.substring(0, 32) : s;
        return isUser(s) ? s : null;
    }

    private static String random(String alphabet, int length) {
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
