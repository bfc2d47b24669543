package chat.parley.history;

import chat.parley.chat.Envelope;

/**
 * One search result.
 *
 * @param room    the room
 * @param seq     the message's seq
 * @param from    the sender
 * @param ts      server time, ms since the epoch
 * @param snippet the matching part of the text; matched terms are wrapped in U+0002 … U+0003
 * @param message the whole message
 */
public record SearchHit(String room, long seq, String from, long ts, String snippet, Envelope message) {

    /** Marks the start of a matched term in {@link #snippet()}. */
    public static final char MATCH_START = '\u0002';
    /** Marks the end of a matched term in {@link #snippet()}. */
    public static final char MATCH_END = '\u0003';
}
