package chat.parley.bridge;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files arriving from other sites, chunk by chunk, until they are whole and their SHA-256 is the one announced: only
 * then does a file exist here. Bounded: at most {@link #MAX_TRANSFERS} transfers and {@code maxBytes} of chunks are
 * held (in memory) at once, and a transfer that made no progress for {@link #EXPIRY_MILLIS} is dropped. A chunk that
 * arrives twice (a QoS 1 redelivery, a file sent again) is taken once. Used by the bridge's inbound thread and its
 * timer; thread-safe.
 */
final class IncomingFiles {

    /** How long an incomplete transfer is kept without a new chunk. */
    static final long EXPIRY_MILLIS = 10 * 60 * 1000L;
    /** The most files arriving at once. */
    static final int MAX_TRANSFERS = 64;

    /** A whole, verified file. */
    record Complete(String room, String origin, BridgedFile file, byte[] bytes) {
    }

    /** What a chunk did. */
    enum Outcome { PROGRESS, COMPLETE, DUPLICATE, FULL, CORRUPT }

    private record Key(String room, String origin, String id) {
    }

    private static final class Transfer {
        final BridgedFile file;
        final byte[][] chunks;
        int received;
        long lastAt;

        Transfer(BridgedFile file, int count, long now) {
            this.file = file;
            this.chunks = new byte[count][];
            this.lastAt = now;
        }
    }

    private final long maxBytes;
    private final Map<Key, Transfer> transfers = new LinkedHashMap<>();
    private long heldBytes;
    private Complete completed;

    /** @param maxBytes the most bytes of incomplete files held at once */
    IncomingFiles(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes a chunk; after {@link Outcome#COMPLETE} the file is in {@link #takeCompleted()}. */
    synchronized Outcome accept(String room, FileChunk chunk, long now) {
        var key = new Key(room, chunk.origin(), chunk.file().id());
        Transfer transfer = transfers.get(key);
        if (transfer != null && !transfer.file.equals(chunk.file())) {
            drop(key); // the same id described twice differently: neither is trusted
            return Outcome.CORRUPT;
        }
        if (transfer == null) {
            if (transfers.size() >= MAX_TRANSFERS) {
                return Outcome.FULL;
            }
            transfer = new Transfer(chunk.file(), chunk.count(), now);
            transfers.put(key, transfer);
        }
        if (transfer.chunks[chunk.index()] != null) {
            return Outcome.DUPLICATE;
        }
        if (heldBytes + chunk.data().length > maxBytes) {
            return Outcome.FULL;
        }
        transfer.chunks[chunk.index()] = chunk.data();
        transfer.received++;
        transfer.lastAt = now;
        heldBytes += chunk.data().length;
        if (transfer.received < transfer.chunks.length) {
            return Outcome.PROGRESS;
        }
        drop(key);
        byte[] whole = new byte[(int) transfer.file.size()];
        int at = 0;
        for (byte[] part : transfer.chunks) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        if (!sha256(whole).equals(transfer.file.sha256())) {
            return Outcome.CORRUPT;
        }
        completed = new Complete(room, chunk.origin(), transfer.file, whole);
        return Outcome.COMPLETE;
    }

    /** The file the last {@link Outcome#COMPLETE} finished, once. */
    synchronized Complete takeCompleted() {
        Complete c = completed;
        completed = null;
        return c;
    }

    /**
     * Drops the transfers that made no progress for {@link #EXPIRY_MILLIS}.
     *
     * @return how many were dropped
     */
    synchronized int expire(long now) {
        int expired = 0;
        for (Iterator<Map.Entry<Key, Transfer>> it = transfers.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (now - entry.getValue().lastAt >= EXPIRY_MILLIS) {
                heldBytes -= held(entry.getValue());
                it.remove();
                expired++;
            }
        }
        return expired;
    }

    /** How many files are arriving. */
    synchronized int inFlight() {
        return transfers.size();
    }

    /** How many bytes of incomplete files are held. */
    synchronized long heldBytes() {
        return heldBytes;
    }

    private void drop(Key key) {
        Transfer transfer = transfers.remove(key);
        if (transfer != null) {
            heldBytes -= held(transfer);
        }
    }

    private static long held(Transfer transfer) {
        long bytes = 0;
        for (byte[] part : transfer.chunks) {
            bytes += part == null ? 0 : part.length;
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
