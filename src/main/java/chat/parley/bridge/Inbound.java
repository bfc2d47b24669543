package chat.parley.bridge;

import chat.parley.broker.ChatIntake;
import chat.parley.broker.SystemMessages;
import chat.parley.chat.Envelope;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Names;
import chat.parley.chat.RefusedException;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What arrives from the remote, on the bridge's inbound thread, one at a time and in order: chat messages (through
 * the same rules as a local publish, {@link ChatIntake}), other sites' heads, repair requests (handed to
 * {@link RepairAnswers}) and answers to this site's own requests. Each message's origin and counter go into the
 * {@link RepairLedger}; a gap that shows is handed to {@link Repairs}.
 */
final class Inbound {

    /** The largest refused payload still read for its counter. */
    private static final int LENIENT_MAX_BYTES = 1 << 20;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final BridgeIdentity identity;
    private final Predicate<String> answerable;
    private final ChatIntake intake;
    private final SystemMessages system;
    private final ObjectMapper json;
    private final RepairLedger ledger;
    private final Repairs repairs;
    private final RepairAnswers answers;
    private final BridgeCounters counters;
    private final Consumer<String> problems;

    /**
     * @param answerable whether a room is bridged here now (enabled, in the bridged rooms, not private): nothing about
     *                   another room is taken in or answered
     */
    Inbound(BridgeIdentity identity, Predicate<String> answerable, ChatIntake intake, SystemMessages system,
            ObjectMapper json, RepairLedger ledger, Repairs repairs, RepairAnswers answers, BridgeCounters counters,
            Consumer<String> problems) {
        this.identity = identity;
        this.answerable = answerable;
        this.intake = intake;
        this.system = system;
        this.json = json;
        this.ledger = ledger;
        this.repairs = repairs;
        this.answers = answers;
        this.counters = counters;
        this.problems = problems;
    }

    /** A publish from the remote broker. */
    void received(Mqtt5Publish publish) {
        RepairProtocol.Topic topic = RepairProtocol.topic(identity.remotePrefix(), identity.origin(),
                publish.getTopic().toString());
        if (topic == null) {
            return;
        }
        if (!answerable.test(topic.room())) {
            if (topic.kind() == RepairProtocol.Kind.REQUEST) {
                counters.repairsRefused().increment(); // a room this site does not bridge: never answered about
            }
            return;
        }
        ByteBuffer payload = publish.getPayload().orElse(ByteBuffer.allocate(0));
        try {
            switch (topic.kind()) {
                case MESSAGES -> message(topic.room(), payload, false);
                case HEAD -> head(topic.room(), payload);
                case REQUEST -> request(topic.room(), payload);
                case ANSWER -> answer(topic.room(), payload);
            }
        } catch (RepairProtocol.Malformed e) {
            counters.repairsRefused().increment();
        } catch (SQLException e) {
            problems.accept("the repair ledger failed: " + e.getMessage());
        }
    }

    private void message(String room, ByteBuffer payload, boolean repair) throws SQLException {
        Envelope envelope;
        try {
            envelope = intake.validateBridged(room, payload, "bridge");
        } catch (RefusedException e) {
            counters.refused().increment();
            JsonNode raw = lenient(payload);
            if (raw != null) { // refused here however often it comes: not missing
                seen(raw.path("origin").asText(null), room, RepairProtocol.counterOf(raw), null);
            }
            return;
        }
        if (identity.origin().equals(envelope.origin())) {
            counters.loops().increment(); // our own message coming back (or someone posing as this site): never twice
            return;
        }
        JsonNode raw = lenient(payload);
        Long oseq = raw == null ? null : RepairProtocol.counterOf(raw);
        Long seq = null;
        try {
            MessageStore.Appended appended = intake.storeBridged(envelope).join();
            seq = appended.envelope().seq();
            if (!appended.duplicate()) {
                counters.in().increment();
                if (repair) {
                    counters.recovered().increment();
                }
            }
        } catch (CompletionException e) {
            if (ChatIntake.refusal(e) == null) {
                problems.accept("could not store a bridged message: " + Bridge.rootMessage(e));
                return; // not stored, and it may be next time: still missing
            }
            counters.refused().increment(); // an event this site's history refuses (counted by reason by the intake)
        }
        seen(envelope.origin(), room, oseq, seq);
    }

    private void seen(String origin, String room, Long oseq, Long seq) throws SQLException {
        if (oseq == null || origin == null || !Names.isUser(origin) || origin.equals(identity.origin())
                || origin.equals(MessageRules.REMOTE_ORIGIN)) {
            return;
        }
        repairs.progressed(ledger.seen(origin, room, oseq, seq));
    }

    private void head(String room, ByteBuffer payload) throws RepairProtocol.Malformed, SQLException {
        var head = RepairProtocol.Head.parse(RepairProtocol.object(json, bytes(payload)));
        if (!head.origin().equals(identity.origin())) {
            repairs.progressed(ledger.announced(head.origin(), room, head.oseq()));
        }
    }

    private void request(String room, ByteBuffer payload) throws RepairProtocol.Malformed {
        var request = RepairProtocol.Request.parse(RepairProtocol.object(json, bytes(payload)));
        if (!request.by().equals(identity.origin())) {
            answers.requested(room, request);
        }
    }

    private void answer(String room, ByteBuffer payload) throws RepairProtocol.Malformed, SQLException {
        JsonNode node = RepairProtocol.object(json, bytes(payload));
        if (!RepairProtocol.isDone(node)) {
            message(room, payload, true);
            return;
        }
        var done = RepairProtocol.Done.parse(node);
        List<RepairLedger.Span> covered = repairs.answered(room, done);
        for (RepairLedger.Span span : covered) {
            if (span.unavailableBefore() != null) {
                system.post(room, notice(done.origin(), span), null).exceptionally(e -> {
                    problems.accept("could not store the notice of missing history: " + Bridge.rootMessage(e));
                    return null;
                });
            }
        }
    }

    /** The room's notice that part of a site's history will not come: when it ends, how much, and why. */
    static String notice(String origin, RepairLedger.Span span) {
        long n = span.count();
        return "History from site " + origin + " before " + WHEN.format(Instant.ofEpochMilli(span.unavailableBefore()))
                + " is not available: that site no longer keeps it (" + n + (n == 1 ? " message" : " messages")
                + " missing here).";
    }

    /**
     * The payload as JSON when it is a JSON object of a sane size, else {@code null} (plain text, not JSON, or a
     * refused giant nobody needs the counter of).
     */
    private JsonNode lenient(ByteBuffer payload) {
        if (payload.remaining() > LENIENT_MAX_BYTES) {
            return null;
        }
        try {
            return RepairProtocol.object(json, bytes(payload));
        } catch (RepairProtocol.Malformed e) {
            return null;
        }
    }

    private static byte[] bytes(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }
}
