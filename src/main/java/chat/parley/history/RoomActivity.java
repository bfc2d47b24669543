package chat.parley.history;

/**
 * A room as the admin sees it.
 *
 * @param room    room id ({@code dm:a:b} for direct messages)
 * @param count   messages stored
 * @param lastSeq the highest seq assigned so far
 * @param lastTs  when the newest stored message arrived, milliseconds since the epoch
 */
public record RoomActivity(String room, long count, long lastSeq, long lastTs) {
}
