package chat.parley.http;

/**
 * One byte range of a {@code Range: bytes=…} request header (RFC 9110 §14), resolved against the file's size:
 * {@code bytes=0-499}, {@code bytes=500-} or the last bytes, {@code bytes=-500}. Several ranges at once are answered
 * with the whole file (allowed, and what media players never ask for).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** How a Range header applies to a file. */
    sealed interface Answer {
    }

    /** No usable range: send the whole file (200). */
    record Whole() implements Answer {
    }

    /** Send this part (206). */
    record Part(ByteRange range) implements Answer {
    }

    /** The range lies beyond the file (416). */
    record Unsatisfiable() implements Answer {
    }

    long length() {
        return last - first + 1;
    }

    /** What to send for {@code header} (may be null) of a file of {@code size} bytes. */
    static Answer of(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) { // the last N bytes
                long n = Long.parseLong(to);
                if (n <= 0) {
                    return new Unsatisfiable();
                }
                return new Part(new ByteRange(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first < 0 || first >= size) {
                return new Unsatisfiable();
            }
            if (last < first) {
                return new Whole(); // a syntactically invalid range is ignored
            }
            return new Part(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}
