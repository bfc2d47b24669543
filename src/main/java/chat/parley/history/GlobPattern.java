package chat.parley.history;

/** SQLite GLOB patterns (as {@link SearchScope#unlistedGlob()} holds) as anchored POSIX regular expressions. */
final class GlobPattern {

    private GlobPattern() {
    }

    /** {@code *} any text, {@code ?} one character, {@code [...]} a set as it is; everything else literally. */
    static String toRegex(String glob) {
        var regex = new StringBuilder("^");
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = glob.substring(i + 1, close);
                regex.append('[').append(set.replace("\\", "\\\\")).append(']');
                i = close;
            } else if (Character.isLetterOrDigit(c)) {
                regex.append(c);
            } else {
                regex.append('\\').append(c);
            }
            i++;
        }
        return regex.append('$').toString();
    }
}
