package chat.parley.files;

import java.nio.charset.StandardCharsets;

/**
 * Cleans the names uploads arrive with. A stored name is only ever shown and offered as a download name, never used as
 * a path: the blob's name is its hash. Still, a name keeps no folders ({@code ../}), no control or line-break
 * characters, and no bidirectional overrides (which make {@code exe.png} read as {@code gnp.exe}).
 */
final class FileNames {

    /** Longest stored name, in code points. */
    static final int MAX_CODE_POINTS = 200;
    static final String FALLBACK = "file";

    private FileNames() {
    }

    /** A name fit to show and to offer as a download name; {@code file} when nothing is left of it. */
    static String clean(String name) {
        if (name == null) {
            return FALLBACK;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        var out = new StringBuilder();
        base.codePoints().filter(c -> !unsafe(c)).forEach(out::appendCodePoint);
        String cleaned = out.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1); // no hidden files, no "." or ".."
        }
        if (cleaned.isBlank()) {
            return FALLBACK;
        }
        return shorten(cleaned);
    }

    /** Cuts an over-long name in its middle part, keeping its extension. */
    private static String shorten(String name) {
        int length = name.codePointCount(0, name.length());
        if (length <= MAX_CODE_POINTS) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        int keep = MAX_CODE_POINTS - ext.codePointCount(0, ext.length());
        return name.substring(0, name.offsetByCodePoints(0, keep)) + ext;
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C || c == 0xFEFF
                || Character.getType(c) == Character.SURROGATE;
    }

    /**
     * The {@code Content-Disposition} header for {@code name}: an ASCII fallback for old clients and the exact name as
     * RFC 6266 / RFC 8187 {@code filename*}.
     */
    static String contentDisposition(String disposition, String name) {
        var ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    private static String percentEncode(String name) {
        var out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
