package chat.parley.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations used in settings: {@code 0}, {@code 45s}, {@code 90m}, {@code 12h}, {@code 30d}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");

    private Durations() {
    }

    /** The duration, or empty-handed {@link IllegalArgumentException} naming the expected format. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be 0 or a number with s, m, h or d (e.g. 30d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
