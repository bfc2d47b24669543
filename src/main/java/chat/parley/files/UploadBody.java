package chat.parley.files;

import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an upload's body into an {@link UploadSink} as it arrives, in buffers of {@link #BUFFER_BYTES}: either the
 * file itself (a raw body, its name in {@code ?name=}), or a {@code multipart/form-data} body whose first part with a
 * file name is the file (Jetty's streaming parser: no part is buffered whole, in memory or on disk).
 */
final class UploadBody {

    static final int BUFFER_BYTES = 64 * 1024;
    /** Parts a form may have (the file and a few small fields); more is not an upload form. */
    private static final int MAX_PARTS = 16;
    /** Bytes of the other (non-file) parts a form may carry in all: they are read and dropped. */
    private static final int MAX_FIELD_BYTES = 64 * 1024;

    /** What the client said about the file: its name and claimed type, each possibly {@code null}. */
    record Claim(String name, String type) {
    }

    private UploadBody() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Copies a raw body to the sink; a body shorter than its {@code Content-Length} is {@code truncated}. */
    static void raw(InputStream in, long contentLength, UploadSink sink) throws IOException, UploadRefused {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = read(in, buffer, sink)) >= 0; ) {
            sink.write(buffer, 0, n);
        }
        if (contentLength >= 0 && sink.size() != contentLength) {
            throw new UploadRefused(UploadRefused.Reason.TRUNCATED, "the upload ended after " + sink.size() + " of "
                    + contentLength + " bytes; nothing was kept");
        }
    }

    /** Reads from the client; a connection that breaks off is a {@code truncated} upload (nothing is kept). */
    private static int read(InputStream in, byte[] buffer, UploadSink sink) throws UploadRefused {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UploadRefused(UploadRefused.Reason.TRUNCATED, "the upload broke off after " + sink.size()
                    + " bytes (" + e.getMessage() + "); nothing was kept");
        }
    }

    /** Finds the file part of a multipart body and copies it to the sink; returns what the part said of itself. */
    static Claim multipart(InputStream in, String contentType, UploadSink sink) throws IOException, UploadRefused {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new UploadRefused(UploadRefused.Reason.NO_FILE, "a multipart/form-data body needs a boundary");
        }
        var parts = new FilePartListener(sink);
        var parser = new MultiPart.Parser(boundary, parts);
        parser.setMaxParts(MAX_PARTS);
        byte[] buffer = new byte[BUFFER_BYTES];
        boolean ended = false;
        while (!parts.complete && parts.failure == null && parts.malformed == null) {
            int n = read(in, buffer, sink);
            ended = n < 0;
            parser.parse(ended ? Content.Chunk.EOF : Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
            if (ended) {
                break;
            }
        }
        if (parts.failure != null) {
            parts.failure.rethrow();
        }
        if (parts.malformed != null && !ended) {
            throw new UploadRefused(UploadRefused.Reason.NO_FILE, "the multipart body is malformed: "
                    + parts.malformed.getMessage());
        }
        if (!parts.complete) {
            throw new UploadRefused(UploadRefused.Reason.TRUNCATED,
                    "the multipart body ended before its closing boundary; nothing was kept");
        }
        if (parts.claim == null) {
            throw new UploadRefused(UploadRefused.Reason.NO_FILE,
                    "the form has no file: send it as a part with a filename, e.g. curl -F file=@photo.jpg");
        }
        return parts.claim;
    }

    /** Something that went wrong inside a parser callback, thrown again once the parser returns. */
    private record Failure(UploadRefused refused, IOException io) {
        void rethrow() throws IOException, UploadRefused {
            if (refused != null) {
                throw refused;
            }
            throw io;
        }
    }

    /** Writes the first part with a file name to the sink; counts and drops the others. */
    private static final class FilePartListener implements MultiPart.Parser.Listener {
        private final UploadSink sink;
        private String partName;
        private String partType;
        private boolean inFile;
        private long fieldBytes;
        Claim claim;
        boolean complete;
        Failure failure;
        Throwable malformed;

        FilePartListener(UploadSink sink) {
            this.sink = sink;
        }

        @Override
        public void onPartBegin() {
            partName = null;
            partType = null;
            inFile = false;
        }

        @Override
        public void onPartHeader(String name, String value) {
            if (name.equalsIgnoreCase("Content-Disposition")) {
                partName = fileName(value);
            } else if (name.equalsIgnoreCase("Content-Type")) {
                partType = value;
            }
        }

        @Override
        public void onPartHeaders() {
            if (claim == null && partName != null) {
                claim = new Claim(partName, partType);
                inFile = true;
            }
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            try {
                if (failure != null) {
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (inFile) {
                    sink.write(bytes);
                } else {
                    fieldBytes += bytes.remaining();
                    bytes.position(bytes.limit());
                    if (fieldBytes > MAX_FIELD_BYTES) {
                        failure = new Failure(new UploadRefused(UploadRefused.Reason.NO_FILE,
                                "the form's other fields are over " + MAX_FIELD_BYTES + " bytes"), null);
                    }
                }
            } catch (UploadRefused e) {
                failure = new Failure(e, null);
            } catch (IOException e) {
                failure = new Failure(null, e);
            }
            // not released here: the chunks wrap this reader's own buffer, and the parser releases its slices itself
        }

        @Override
        public void onPartEnd() {
            inFile = false;
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable cause) {
            malformed = cause; // at the end of the body: it was cut short
        }
    }

    /**
     * The {@code filename} of a {@code Content-Disposition: form-data} header ({@code filename*=UTF-8''…} wins), or
     * {@code null} for a part that is not a file.
     */
    static String fileName(String disposition) {
        String extended = parameter(disposition, "filename*");
        if (extended != null) {
            int quote = extended.indexOf("''");
            if (quote > 0 && extended.substring(0, quote).equalsIgnoreCase("UTF-8")) {
                try {
                    return java.net.URLDecoder.decode(extended.substring(quote + 2).replace("+", "%2B"),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // fall back to the plain filename
                }
            }
        }
        return parameter(disposition, "filename");
    }

    private static String parameter(String header, String name) {
        int i = 0;
        while (i < header.length()) {
            int semi = header.indexOf(';', i);
            if (semi < 0) {
                return null;
            }
            int eq = header.indexOf('=', semi);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(semi + 1, eq).trim();
            int start = eq + 1;
            String value;
            int end;
            if (start < header.length() && header.charAt(start) == '"') {
                var out = new StringBuilder();
                end = start + 1;
                while (end < header.length() && header.charAt(end) != '"') {
                    char c = header.charAt(end);
                    if (c == '\\' && end + 1 < header.length()) {
                        c = header.charAt(++end);
                    }
                    out.append(c);
                    end++;
                }
                value = out.toString();
                end++;
            } else {
                end = header.indexOf(';', start);
                end = end < 0 ? header.length() : end;
                value = header.substring(start, end).trim();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = end;
        }
        return null;
    }
}
