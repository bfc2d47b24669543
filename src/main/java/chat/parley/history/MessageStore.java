package chat.parley.history;

import chat.parley.chat.Envelope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /**
     * Stores an event an administrator made: like {@link #append}, but a {@code delete} needs no authorship. The
     * future fails with a {@link chat.parley.chat.RefusedException} when the room's history refuses an event (see
     * {@code MessageEvents}), for both.
     */
    CompletableFuture<Appended> appendAsAdmin(Envelope event);

    /** The latest {@code limit} messages of a room, ascending by seq. */
    MessagePage latest(String room, int limit);

    /** Up to {@code limit} messages with seq below {@code seq}: the newest of them, ascending. */
    MessagePage before(String room, long seq, int limit);

    /** Up to {@code limit} messages with seq above {@code seq}: the oldest of them, ascending. */
    MessagePage after(String room, long seq, int limit);

    /**
     * A page of up to {@code limit} rows centred on {@code seq}: the row at {@code seq} (when there is one) and
     * older ones, {@code limit - limit / 2} at most, then up to {@code limit / 2} newer ones; ascending.
     */
    MessagePage around(String room, long seq, int limit);

    /** Whether a room (or DM) has ever had a message. */
    boolean exists(String room);

    /** The named rooms that have messages, with count and last message, in the order asked. */
    List<RoomSummary> rooms(List<String> names);

    /**
     * Full-text search: the best matches (bm25) among the most recent few thousand matching messages, best first.
     * Encrypted messages are never indexed.
     */
    List<SearchHit> search(SearchQuery query);

    /**
     * Every message of a room in seq order with its current text and state, streamed to {@code sink} without loading
     * the room into memory. Events and deleted messages are left out.
     */
    void export(String room, Consumer<Envelope> sink);

    /** One row of a room's seq stream (a message with its state, or an event), if it is stored. */
    Optional<Envelope> message(String room, long seq);

    /** Every room and DM that has stored messages, with counts, most recently active first (for the admin). */
    List<RoomActivity> allRooms();

    /**
     * Every room's and DM's highest seq assigned so far, by room: one small read (no message is read), for what
     * follows the history as others write it (the bridge on a web node).
     */
    Map<String, Long> lastSeqs();

    /** How many messages are stored, in all rooms. */
    long count();

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
     * @param duplicate whether nothing was stored: the room already had a message with this id, or the envelope is a
     *                  reaction that changes nothing (one already there, or a removal of one that is not)
     */
    record Appended(Envelope envelope, String json, boolean duplicate) {
    }
}
