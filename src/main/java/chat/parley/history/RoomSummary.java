package chat.parley.history;

import chat.parley.chat.Envelope;

/**
 * A room as listed by {@code GET /api/rooms}.
 *
 * @param room    room id
 * @param count   rows stored (messages and events)
 * @param lastSeq the highest seq assigned so far
 * @param last    the newest stored message (not an event; a tombstone if it was deleted), or {@code null} when
 *                retention removed them all
 */
public record RoomSummary(String room, long count, long lastSeq, Envelope last) {
}
