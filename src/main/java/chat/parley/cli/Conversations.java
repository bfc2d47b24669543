package chat.parley.cli;

/**
 * What the client can be "in": a room ({@code general}) or a direct conversation with one person, keyed as the
 * server keeps its history ({@code dm:alice:bob}, the two names in order), shown as {@code #general} or
 * {@code @bob}.
 */
final class Conversations {

    private static final String DM = "dm:";

    private Conversations() {
    }

    /** The key of the direct conversation of {@code a} and {@code b}. */
    static String dm(String a, String b) {
        return a.compareTo(b) <= 0 ? DM + a + ":" + b : DM + b + ":" + a;
    }

    static boolean isDm(String key) {
        return key.startsWith(DM);
    }

    /** The other person of a direct conversation (or {@code me}, talking to oneself). */
    static String other(String key, String me) {
        String[] users = key.substring(DM.length()).split(":", 2);
        return users[0].equals(me) ? users[1] : users[0];
    }

    /** {@code #general} or {@code @bob}. */
    static String label(String key, String me) {
        return isDm(key) ? "@" + other(key, me) : "#" + key;
    }
}
