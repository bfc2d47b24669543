package chat.parley.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the bytes of one upload go while they arrive: straight to a temp file, hashed on the way, and stopped the
 * moment they pass the limit. Memory use is the caller's read buffer, whatever the file's size.
 */
final class UploadSink implements AutoCloseable {

    private final Path temp;
    private final OutputStream out;
    private final MessageDigest sha256;
    private final long limit;
    private final UploadRefused.Reason overLimit;
    private final String overLimitMessage;
    private long written;

    /**
     * @param limit            the most bytes accepted
     * @param overLimit        what passing it is (too large, or over the quota)
     * @param overLimitMessage what to tell the uploader then
     */
    UploadSink(Path temp, long limit, UploadRefused.Reason overLimit, String overLimitMessage) throws IOException {
        this.temp = temp;
        this.out = Files.newOutputStream(temp);
        this.limit = limit;
        this.overLimit = overLimit;
        this.overLimitMessage = overLimitMessage;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    void write(byte[] bytes, int offset, int length) throws IOException, UploadRefused {
        grow(length);
        sha256.update(bytes, offset, length);
        out.write(bytes, offset, length);
    }

    void write(ByteBuffer buffer) throws IOException, UploadRefused {
        grow(buffer.remaining());
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset() + buffer.position();
            sha256.update(buffer.array(), offset, buffer.remaining());
            out.write(buffer.array(), offset, buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            sha256.update(chunk);
            out.write(chunk);
        }
    }

    private void grow(int length) throws UploadRefused {
        if (written + length > limit) {
            throw new UploadRefused(overLimit, overLimitMessage);
        }
        written += length;
    }

    long size() {
        return written;
    }

    Path path() {
        return temp;
    }

    /** Ends the writing; returns the hex SHA-256 of everything written. */
    String finish() throws IOException {
        out.close();
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Closes and deletes the temp file if it is still there (not moved in): a refused or cut upload leaves nothing. */
    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(temp);
    }
}
