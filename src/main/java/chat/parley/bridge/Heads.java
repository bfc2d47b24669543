package chat.parley.bridge;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Tells the other sites this site's last counter in each room it recently spoke in ({@code head}), so a receiver
 * whose copy of the last messages was lost (nothing after them shows the jump) notices and asks for them: once
 * {@link #QUIET_MILLIS} after a burst, then every {@link #REPEAT_MILLIS} for {@link #WINDOW_MILLIS} after the room's
 * last message, and on every connect. A head only names counters the remote has acknowledged (a message still in the
 * outbox is not missing anywhere, it is late). Idle rooms cost nothing. Thread-safe; {@link #tick} runs every second.
 */
final class Heads {

    static final long QUIET_MILLIS = 1_000;
    static final long REPEAT_MILLIS = 10_000;
    static final long WINDOW_MILLIS = 5 * 60_000;

    /** Publishes a head (nothing when the link is down). */
    interface Sender {
        void send(String room, RepairProtocol.Head head);
    }

    private static final class Room {
        long head;
        long lastMessage;
        long lastSent;
        boolean told = true;
    }

    private final String self;
    private final Sender sender;
    private final Map<String, Room> recent = new HashMap<>();

    Heads(String self, Sender sender) {
        this.self = self;
        this.sender = sender;
    }

    /** The remote acknowledged this site's messages of the room up to counter {@code oseq}. */
    synchronized void sent(String room, long oseq, long now) {
        Room r = recent.computeIfAbsent(room, k -> new Room());
        r.head = Math.max(r.head, oseq);
        r.lastMessage = now;
        r.told = false;
    }

    /** Sends what is due. */
    synchronized void tick(long now) {
        for (Iterator<Map.Entry<String, Room>> it = recent.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Room> entry = it.next();
            Room r = entry.getValue();
            if (now - r.lastMessage > WINDOW_MILLIS) {
                it.remove();
            } else if ((!r.told && now - r.lastMessage >= QUIET_MILLIS) || now - r.lastSent >= REPEAT_MILLIS) {
                send(entry.getKey(), r, now);
            }
        }
    }

    /** The link is (back) up: every recent room's head goes at once. */
    synchronized void connected(long now) {
        recent.forEach((room, r) -> send(room, r, now));
    }

    private void send(String room, Room r, long now) {
        sender.send(room, new RepairProtocol.Head(self, r.head));
        r.lastSent = now;
        r.told = true;
    }
}
