package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The messages of each joined room, shown once each and in order. Live messages that arrive while a room is being
 * caught up from history are held back until the history has been shown; a message already shown (same id, or a
 * {@code seq} at or below the last one shown) is dropped.
 */
final class RoomFeeds {

    private static final int REMEMBERED_IDS = 2000;

    private final Consumer<JsonNode> sink;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();

    private static final class Feed {
        long lastSeq = -1;
        boolean syncing;
        final List<JsonNode> held = new ArrayList<>();
    }

    RoomFeeds(Consumer<JsonNode> sink) {
        this.sink = sink;
    }

    synchronized void add(String room) {
        feeds.computeIfAbsent(room, r -> new Feed());
    }

    /** Stops following a room: its later messages are dropped. */
    synchronized void remove(String room) {
        feeds.remove(room);
    }

    synchronized boolean has(String room) {
        return feeds.containsKey(room);
    }

    synchronized List<String> rooms() {
        return List.copyOf(feeds.keySet());
    }

    /** The seq of the last message shown in the room, -1 when unknown. */
    synchronized long lastSeq(String room) {
        Feed feed = feeds.get(room);
        return feed == null ? -1 : feed.lastSeq;
    }

    /** A message that came over MQTT. */
    synchronized void live(String room, JsonNode envelope) {
        Feed feed = feeds.get(room);
        if (feed == null) {
            return; // a room we left
        }
        if (feed.syncing) {
            feed.held.add(envelope);
        } else {
            deliver(feed, envelope, true);
        }
    }

    /** From now on live messages of the room wait until {@link #finishSync}. */
    synchronized void startSync(String room) {
        feeds.computeIfAbsent(room, r -> new Feed()).syncing = true;
    }

    /**
     * Shows what was fetched from history (or only records it when {@code show} is false), then the held live
     * messages; returns how many messages were shown.
     */
    synchronized int finishSync(String room, List<JsonNode> fetched, boolean show) {
        Feed feed = feeds.get(room);
        if (feed == null) {
            return 0;
        }
        int shown = 0;
        for (JsonNode envelope : fetched) {
            shown += deliver(feed, envelope, show) ? 1 : 0;
        }
        if (feed.lastSeq < 0 && fetched.isEmpty()) {
            feed.lastSeq = 0; // the room has no history yet
        }
        for (JsonNode envelope : feed.held) {
            deliver(feed, envelope, true);
        }
        feed.held.clear();
        feed.syncing = false;
        return shown;
    }

    private boolean deliver(Feed feed, JsonNode envelope, boolean show) {
        String id = envelope.path("id").asText(null);
        JsonNode seqNode = envelope.get("seq");
        if (seqNode != null && seqNode.canConvertToLong()) {
            long seq = seqNode.asLong();
            if (seq <= feed.lastSeq) {
                return false;
            }
            feed.lastSeq = seq;
        }
        if (id != null && !seen.add(id)) {
            return false;
        }
        if (seen.size() > REMEMBERED_IDS) {
            var oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        if (show) {
            sink.accept(envelope);
        }
        return show;
    }
}
