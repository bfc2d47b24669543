package chat.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The client's {@code sentAt}: when a message was written by the sender's clock (a message written offline is
 * delivered much later). It is shown, never trusted for order, so anything unbelievable is dropped rather than
 * refused: a message must never be lost over a wrong clock.
 */
final class ClientTime {

    /** How far back a message may have been written: a phone left offline for a long trip. */
    static final long MAX_AGE_MS = 366L * 24 * 60 * 60 * 1000;
    /** How far ahead of the server a client's clock may run and still be believed. */
    static final long MAX_AHEAD_MS = 24L * 60 * 60 * 1000;

    private ClientTime() {
    }

    /**
     * The {@code sentAt} to keep: an integer count of milliseconds between {@link #MAX_AGE_MS} before {@code ts} and
     * {@link #MAX_AHEAD_MS} after it, else {@code null} (absent, not a whole number, or out of bounds).
     *
     * @param ts the server's time of receipt, milliseconds since the epoch
     */
    static Long sentAt(JsonNode value, long ts) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            return null;
        }
        long sentAt = value.longValue();
        return sentAt >= ts - MAX_AGE_MS && sentAt <= ts + MAX_AHEAD_MS ? sentAt : null;
    }
}
