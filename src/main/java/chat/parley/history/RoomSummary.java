package chat.parley.history;

import chat.parley.chat.Envelope;

/**
 * A room as listed by {@code GET /api/rooms}.
 *
 * @param room    room id
 * @param count   messages stored
 * @param lastSeq the highest seq assigned so far
 * @param last    the newest stored message, or {@code null} when retention removed them all
 */
public record RoomSummary(String room, long count, long lastSeq, Envelope last) {
}
