package chat.parley.history;

import chat.parley.chat.Envelope;

import java.util.List;

/**
 * A page of a room's messages, ascending by seq.
 *
 * @param room     the room
 * @param messages the messages
 * @param hasMore  whether more messages exist beyond this page in the direction asked
 */
public record MessagePage(String room, List<Envelope> messages, boolean hasMore) {

    public MessagePage {
        messages = List.copyOf(messages);
    }
}
