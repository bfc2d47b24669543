package chat.parley.history;

import chat.parley.chat.Envelope;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A page of a room's seq stream, ascending by seq: messages (with their current state) and the events among them.
 *
 * @param room          the room
 * @param messages      the rows
 * @param hasMore       whether more rows exist beyond this page in the direction asked (for a page around a seq:
 *                      on either side)
 * @param hasMoreBefore for a page around a seq only: whether older rows exist before it; else {@code null}
 * @param hasMoreAfter  for a page around a seq only: whether newer rows exist after it; else {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagePage(String room, List<Envelope> messages, boolean hasMore, Boolean hasMoreBefore,
                          Boolean hasMoreAfter) {

    public MessagePage {
        messages = List.copyOf(messages);
    }

    /** A page read in one direction. */
    public MessagePage(String room, List<Envelope> messages, boolean hasMore) {
        this(room, messages, hasMore, null, null);
    }
}
