package chat.parley.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToIntFunction;

/**
 * Which typing signals are delivered: those in rooms with at most {@code maxPeople} people online (0: every room).
 * In a room of thousands "alice is typing…" tells nobody anything, yet each signal is a delivery to everyone in it, as
 * many as a message, and a burst the size of the room on the broker's event loops (docs/design.md, "Typing in large
 * rooms"). The web client sends none there; any that come anyway are acknowledged, delivered to nobody, and counted.
 */
final class TypingReach {

    private final int maxPeople;
    private final ToIntFunction<String> peopleIn;
    private final Counter dropped;

    /**
     * @param maxPeople the most people online in a room whose typing signals are delivered, 0 for any number (the
     *                  configuration's {@code typing-max-people}, checked there)
     * @param peopleIn  how many people a room has online now
     */
    TypingReach(int maxPeople, ToIntFunction<String> peopleIn, MeterRegistry registry) {
        this.maxPeople = maxPeople;
        this.peopleIn = peopleIn;
        this.dropped = Counter.builder("parley.typing.dropped")
                .description("Typing signals delivered to nobody because their room had more people online than "
                        + "typing-max-people")
                .register(registry);
    }

    /** Whether a typing signal in this room goes to its people (if not, it is counted as dropped). */
    boolean delivers(String room) {
        if (maxPeople == 0 || peopleIn.applyAsInt(room) <= maxPeople) {
            return true;
        }
        dropped.increment();
        return false;
    }
}
