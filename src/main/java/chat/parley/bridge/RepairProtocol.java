package chat.parley.bridge;

import chat.parley.chat.Names;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's topics on the remote and the JSON of gap repair (docs/bridge.md, "Gap repair"). Everything under
 * {@code {prefix}/rooms/{room}/}:
 * <ul>
 *   <li>{@code messages}: chat envelopes, each with its {@code origin} and that site's counter {@code oseq};</li>
 *   <li>{@code head}: {@code {"v":1,"origin":"site-a-x81kq2","oseq":1030}}, a site's last counter in the room;</li>
 *   <li>{@code repair}: {@code {"v":1,"by":"site-b-4k2m9q","origin":"site-a-x81kq2","after":12,"upto":40,
 *   "any":false}}, "send me the room's messages of site A after 12 (up to 40)";</li>
 *   <li>{@code repair/{by}}: the answer, envelopes like on {@code messages} then one {@link Done};</li>
 *   <li>{@code files}: the chunks of shared files ({@link FileChunk}).</li>
 * </ul>
 * Parsing is strict: whatever does not fit is a {@link Malformed}, counted and dropped by the caller.
 */
final class RepairProtocol {

    /** The largest counter accepted: what a JSON number holds exactly everywhere (2^53). */
    static final long MAX_COUNTER = 1L << 53;
    /** The most spans a {@link Done} may list (an answer covers at most {@link RepairAnswers#BATCH} rows). */
    static final int MAX_SPANS = 2 * RepairAnswers.BATCH + 2;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RepairProtocol() {
    }

    /** A payload that does not follow the protocol. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** What a topic under the prefix is: its room and kind ({@code messages}, {@code head}, {@code repair}, answer). */
    record Topic(String room, Kind kind) {
    }

    enum Kind { MESSAGES, HEAD, REQUEST, ANSWER, FILES }

    /**
     * Reads a topic the bridge receives; {@code null} for anything else (including answers meant for another site).
     *
     * @param self this site's origin: answers on {@code repair/{self}} are for it
     */
    static Topic topic(String prefix, String self, String topic) {
        String start = prefix + "/rooms/";
        if (!topic.startsWith(start)) {
            return null;
        }
        String[] levels = topic.substring(start.length()).split("/", -1);
        if (levels.length < 2 || !Names.isRoom(levels[0])) {
            return null;
        }
        String rest = topic.substring(start.length() + levels[0].length() + 1);
        Kind kind = switch (rest) {
            case "messages" -> Kind.MESSAGES;
            case "head" -> Kind.HEAD;
            case "repair" -> Kind.REQUEST;
            case "files" -> Kind.FILES;
            default -> rest.equals("repair/" + self) ? Kind.ANSWER : null;
        };
        return kind == null ? null : new Topic(levels[0], kind);
    }

    static String messages(String prefix, String room) {
        return prefix + "/rooms/" + room + "/messages";
    }

    static String head(String prefix, String room) {
        return prefix + "/rooms/" + room + "/head";
    }

    static String requests(String prefix, String room) {
        return prefix + "/rooms/" + room + "/repair";
    }

    static String answers(String prefix, String room, String requester) {
        return prefix + "/rooms/" + room + "/repair/" + requester;
    }

    static String files(String prefix, String room) {
        return prefix + "/rooms/" + room + "/files";
    }

    /**
     * The filters the bridge subscribes to: every room's messages, heads, requests, file chunks, and answers to this
     * site.
     */
    static List<String> filters(String prefix, String self) {
        return List.of(prefix + "/rooms/+/messages", prefix + "/rooms/+/head", prefix + "/rooms/+/repair",
                prefix + "/rooms/+/repair/" + self, prefix + "/rooms/+/files");
    }

    /** A site's last counter in a room. */
    record Head(String origin, long oseq) {
        String toJson() {
            return NODES.objectNode().put("v", 1).put("origin", origin).put("oseq", oseq).toString();
        }

        static Head parse(JsonNode node) throws Malformed {
            return new Head(site(node, "origin"), counter(node, "oseq", 1));
        }
    }

    /**
     * "Send {@code by} the messages of {@code origin} in this room with counters in {@code (after, upto]}"
     * ({@code upto} {@code null}: up to the latest). Only the origin answers, unless {@code any}: then every site that holds some
     * of them does.
     */
    record Request(String by, String origin, long after, Long upto, boolean any) {
        String toJson() {
            ObjectNode node = NODES.objectNode().put("v", 1).put("by", by).put("origin", origin).put("after", after);
            if (upto != null) {
                node.put("upto", upto);
            }
            return node.put("any", any).toString();
        }

        static Request parse(JsonNode node) throws Malformed {
            long after = counter(node, "after", 0);
            Long upto = node.hasNonNull("upto") ? counter(node, "upto", after + 1) : null;
            JsonNode any = node.get("any");
            if (any != null && !any.isBoolean()) {
                throw new Malformed("any must be true or false");
            }
            return new Request(site(node, "by"), site(node, "origin"), after, upto, any != null && any.booleanValue());
        }
    }

    /**
     * The end of an answer: it covered counters {@code (after, upto]} of {@code origin}; those in {@code skipped} have
     * nothing to store (deleted there), those in {@code unavailable} are no longer kept by the origin; every other
     * counter in between was sent before this. {@code latest} is the answerer's last counter of that origin in the
     * room; {@code by} who answered.
     */
    record Done(String by, String origin, long after, long upto, long latest, List<RepairLedger.Span> skipped,
                List<RepairLedger.Span> unavailable) {

        /** Whether the origin itself answered (only it can say what it no longer has, or what its latest is). */
        boolean fromOrigin() {
            return by.equals(origin);
        }

        String toJson() {
            ObjectNode node = NODES.objectNode().put("v", 1).put("done", true).put("by", by).put("origin", origin)
                    .put("after", after).put("upto", upto).put("latest", latest);
            ArrayNode skippedNode = node.putArray("skipped");
            skipped.forEach(s -> skippedNode.addArray().add(s.from()).add(s.to()));
            ArrayNode unavailableNode = node.putArray("unavailable");
            unavailable.forEach(s -> unavailableNode.addObject().put("from", s.from()).put("to", s.to())
                    .put("before", s.unavailableBefore()));
            return node.toString();
        }

        static Done parse(JsonNode node) throws Malformed {
            long after = counter(node, "after", 0);
            long upto = counter(node, "upto", after);
            long latest = counter(node, "latest", 0);
            var skipped = new ArrayList<RepairLedger.Span>();
            for (JsonNode pair : array(node, "skipped")) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw new Malformed("skipped must list [from, to] pairs");
                }
                skipped.add(span(pair.get(0), pair.get(1), null, after, upto));
            }
            var unavailable = new ArrayList<RepairLedger.Span>();
            for (JsonNode gone : array(node, "unavailable")) {
                JsonNode before = gone.get("before");
                if (before == null || !before.canConvertToExactIntegral() || before.asLong() < 0) {
                    throw new Malformed("unavailable[].before must be a time in milliseconds");
                }
                unavailable.add(span(gone.get("from"), gone.get("to"), before.asLong(), after, upto));
            }
            return new Done(site(node, "by"), site(node, "origin"), after, upto, latest, skipped, unavailable);
        }
    }

    /** Whether an answer payload is a {@link Done} (else it is an envelope). */
    static boolean isDone(JsonNode node) {
        return node.path("done").asBoolean(false);
    }

    /** The counter a bridged envelope carries, or {@code null} when it has none (older sites, generic clients). */
    static Long counterOf(JsonNode envelope) {
        JsonNode oseq = envelope.get("oseq");
        if (oseq == null || !oseq.canConvertToExactIntegral() || oseq.asLong() < 1 || oseq.asLong() > MAX_COUNTER) {
            return null;
        }
        return oseq.asLong();
    }

    /** A payload as a JSON object. */
    static JsonNode object(ObjectMapper json, byte[] payload) throws Malformed {
        try {
            JsonNode node = json.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new Malformed("the payload must be one JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new Malformed("the payload is not JSON");
        }
    }

    private static List<JsonNode> array(JsonNode node, String field) throws Malformed {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > MAX_SPANS) {
            throw new Malformed(field + " must be a list of at most " + MAX_SPANS + " spans");
        }
        var items = new ArrayList<JsonNode>();
        value.forEach(items::add);
        return items;
    }

    private static RepairLedger.Span span(JsonNode from, JsonNode to, Long before, long after, long upto)
            throws Malformed {
        if (from == null || to == null || !from.canConvertToExactIntegral() || !to.canConvertToExactIntegral()
                || from.asLong() <= after || to.asLong() < from.asLong() || to.asLong() > upto) {
            throw new Malformed("a span must be counters from..to within (after, upto]");
        }
        return new RepairLedger.Span(from.asLong(), to.asLong(), before);
    }

    private static String site(JsonNode node, String field) throws Malformed {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !Names.isUser(value.asText())) {
            throw new Malformed(field + " must be a site id matching " + Names.USER.pattern());
        }
        return value.asText();
    }

    private static long counter(JsonNode node, String field, long min) throws Malformed {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < min
                || value.asLong() > MAX_COUNTER) {
            throw new Malformed(field + " must be a whole number from " + min + " to " + MAX_COUNTER);
        }
        return value.asLong();
    }
}
