package chat.parley.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What history knows about a message beyond what was published: the events folded into it so far. Only history
 * pages carry it; live deliveries and events have none.
 *
 * @param edited    server time of the last edit (ms), or {@code null} if never edited
 * @param reactions who reacted with what, {@code {"👍":["alice","bob"]}}, each list in the order the reactions came
 * @param replies   how many messages (not deleted) reply to this one
 * @param rev       the seq of the last event (or reply) already folded into this state, the message's own seq when
 *                  none: a client applies an event (or counts a reply) only when its seq is above this
 */
public record MessageState(Long edited, Map<String, List<String>> reactions, int replies, long rev) {

    public MessageState {
        var ordered = new LinkedHashMap<String, List<String>>(); // first reacted first, as people saw them come
        reactions.forEach((emoji, users) -> ordered.put(emoji, List.copyOf(users)));
        reactions = Collections.unmodifiableMap(ordered);
    }
}
