package chat.parley.hooks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether a message mentions a name: {@code @name}, found the way the web client finds it (web/src/text.js). */
public final class Mentions {

    private static final Pattern MENTION = Pattern.compile("@([a-z0-9][a-z0-9_-]{0,31})\\b");

    private Mentions() {
    }

    /** Every name the text mentions, in order of first mention. */
    public static java.util.Set<String> all(String text) {
        var names = new java.util.LinkedHashSet<String>();
        if (text != null) {
            Matcher m = MENTION.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static boolean mentions(String text, String name) {
        if (text == null || name == null) {
            return false;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
