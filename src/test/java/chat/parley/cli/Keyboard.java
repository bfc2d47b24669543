package chat.parley.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream fed by the test, from any thread (a {@code PipedInputStream} breaks when the thread that wrote last
 * ends, and Awaitility polls on threads of its own). {@link #end} is the end of input.
 */
final class Keyboard extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    void type(String text) {
        if (!text.isEmpty()) {
            chunks.add(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    void end() {
        chunks.add(END);
    }

    @Override
    public synchronized int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            if (current == END) {
                ended = true;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
