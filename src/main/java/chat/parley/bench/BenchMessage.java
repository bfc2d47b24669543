package chat.parley.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's message: a chat JSON body whose text starts with its index and its send time
 * ({@code System.nanoTime()}), so the receiver in the same process measures publish → receive. Parley stores and
 * stamps it and delivers the text unchanged; plain brokers deliver the bytes as they are.
 */
final class BenchMessage {

    private static final byte[] TEXT = "\"text\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private BenchMessage() {
    }

    /** The payload of message {@code index} of run {@code run}; its id is unique per run. */
    static byte[] encode(String run, long index, long sentNanos) {
        return ("{\"id\":\"" + run + "-" + index + "\",\"text\":\"" + text(index, sentNanos) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The text alone, as posted over HTTP ({@code text/plain}); {@link #decode} reads it from the stamped envelope. */
    static String text(long index, long sentNanos) {
        return index + " " + sentNanos + " benchmark message";
    }

    /** {@code {index, sentNanos}}, or {@code null} when the payload is not a benchmark message. */
    static long[] decode(ByteBuffer payload) {
        if (payload == null) {
            return null;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        int at = indexOf(bytes, TEXT);
        if (at < 0) {
            return null;
        }
        int i = at + TEXT.length;
        while (i < bytes.length && bytes[i] != '"') {
            i++;
        }
        long[] numbers = new long[2];
        i++;
        for (int n = 0; n < 2; n++) {
            long value = 0;
            int digits = 0;
            while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
                value = value * 10 + (bytes[i++] - '0');
                digits++;
            }
            if (digits == 0) {
                return null;
            }
            numbers[n] = value;
            i++; // the space
        }
        return numbers;
    }

    /** The {@code seq} Parley stamped on a delivered envelope, or -1 when it has none. */
    static long seq(byte[] bytes) {
        int at = indexOf(bytes, SEQ);
        if (at < 0) {
            return -1;
        }
        int i = at + SEQ.length;
        long value = 0;
        int digits = 0;
        while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
            value = value * 10 + (bytes[i++] - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    /** {@code {index, sentNanos}} from a payload's bytes, or {@code null} when it is not a benchmark message. */
    static long[] decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
