package chat.parley.history;

import chat.parley.chat.Envelope;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Chat history. Appends are durable when their future completes (that is when the broker acknowledges the
 * publish); each room's {@code seq} is assigned here, gap-free, starting at 1.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * Stores a message and assigns its {@code seq}. A message whose {@code id} is already stored in that room is not
     * stored again: the future completes with the stored copy and {@link Appended#duplicate()} set.
     */
    CompletableFuture<Appended> append(Envelope envelope);

    /** The latest {@code limit} messages of a room, ascending by seq. */
    MessagePage latest(String room, int limit);

    /** Up to {@code limit} messages with seq below {@code seq}: the newest of them, ascending. */
    MessagePage before(String room, long seq, int limit);

    /** Up to {@code limit} messages with seq above {@code seq}: the oldest of them, ascending. */
    MessagePage after(String room, long seq, int limit);

    /** Whether a room (or DM) has ever had a message. */
    boolean exists(String room);

    /** The named rooms that have messages, with count and last message, in the order asked. */
    List<RoomSummary> rooms(List<String> names);

    /**
     * Full-text search: the best matches (bm25) among the most recent few thousand matching messages, best first.
     * Encrypted messages are never indexed.
     */
    List<SearchHit> search(SearchQuery query);

    /** Every message of a room in seq order, streamed to {@code sink} without loading the room into memory. */
    void export(String room, Consumer<Envelope> sink);

    /** One message, if it is stored. */
    Optional<Envelope> message(String room, long seq);

    /** Every room and DM that has stored messages, with counts, most recently active first (for the admin). */
    List<RoomActivity> allRooms();

    /** How many messages are stored, in all rooms. */
    long count();

    /**
     * Removes one message from history, search and export (moderation). The room's seq counter is unchanged.
     *
     * @return the removed message, or empty when the room has no message with that seq
     */
    Optional<Envelope> deleteMessage(String room, long seq);

    /**
     * Removes every message of a room, in small transactions. The room's seq counter survives, so a client that
     * catches up by seq never confuses a new message with one it saw before the deletion.
     *
     * @return how many messages were removed
     */
    long deleteRoom(String room);

    /**
     * Deletes what the retention policy no longer keeps, in small transactions so publishes are not stalled.
     *
     * @return how many messages were deleted
     */
    long enforceRetention(Instant now);

    /**
     * Why writes are failing right now (e.g. "the disk is full"), or empty while they work. A failing store refuses
     * messages instead of acknowledging them, and heals by itself once the fault is gone.
     */
    java.util.Optional<String> writeProblem();

    /** Stops accepting appends, finishes the ones in flight and closes the database. */
    @Override
    void close();

    /**
     * The result of an append.
     *
     * @param envelope  the stored envelope, with its seq
     * @param json      the stored envelope as JSON, exactly as subscribers should receive it
     * @param duplicate whether the room already had a message with this id (then nothing was stored)
     */
    record Appended(Envelope envelope, String json, boolean duplicate) {
    }
}
