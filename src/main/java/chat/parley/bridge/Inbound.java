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
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What arrives from the remote, on the bridge's inbound thread, one at a time and in order: chat messages (through
 * the same rules as a local publish, {@link ChatIntake}), other sites' heads, repair requests (handed to
 * {@link RepairAnswers}), answers to this site's own requests, and chunks of other sites' files
 * ({@link IncomingFiles}). Each message's origin and counter go into the
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
    private final Files files;

    /**
     * Where files from other sites go.
     *
     * @param incoming     the transfers under way
     * @param shelf        where whole files are kept (the current one)
     * @param maxFileBytes the largest file taken ({@code bridge-max-file-bytes})
     */
    record Files(IncomingFiles incoming, Supplier<FileShelf> shelf, LongSupplier maxFileBytes) {
    }

    /**
     * @param answerable whether a room is bridged here now (enabled, in the bridged rooms, not private): nothing about
     *                   another room is taken in or answered
     */
    Inbound(BridgeIdentity identity, Predicate<String> answerable, ChatIntake intake, SystemMessages system,
            ObjectMapper json, RepairLedger ledger, Repairs repairs, RepairAnswers answers, BridgeCounters counters,
            Consumer<String> problems, Files files) {
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
        this.files = files;
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
                case FILES -> file(topic.room(), payload);
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

    /**
     * A chunk of another site's file: kept once whole and its SHA-256 is right, so the message that shows it (queued
     * after it at the origin) finds it here. Anything that does not fit is counted as refused and dropped.
     */
    private void file(String room, ByteBuffer payload) {
        long max = files.maxFileBytes().getAsLong();
        // base64 is 4/3 of the bytes; the description adds at most a few KB
        if (max == 0 || payload.remaining() > FileChunk.CHUNK_BYTES * 2) {
            counters.filesRefused().increment();
            return;
        }
        FileChunk chunk;
        try {
            chunk = FileChunk.parse(RepairProtocol.object(json, bytes(payload)), max);
        } catch (RepairProtocol.Malformed e) {
            counters.filesRefused().increment();
            return;
        }
        FileShelf shelf = files.shelf().get();
        if (chunk.origin().equals(identity.origin()) || shelf.find(room, chunk.file().id()).isPresent()) {
            return; // our own, or a file here already (sent again): nothing to do
        }
        switch (files.incoming().accept(room, chunk, System.currentTimeMillis())) {
            case FULL, CORRUPT -> counters.filesRefused().increment();
            case COMPLETE -> keep(shelf, files.incoming().takeCompleted());
            default -> {
            }
        }
    }

    private void keep(FileShelf shelf, IncomingFiles.Complete complete) {
        try {
            if (shelf.keep(complete.room(), complete.origin(), complete.file(), complete.bytes())) {
                counters.filesReceived().increment();
            }
        } catch (FileShelf.Refused e) {
            counters.filesRefused().increment();
            problems.accept("a file from site " + complete.origin() + " was not taken: " + e.getMessage());
        } catch (java.io.IOException e) {
            counters.filesRefused().increment();
            problems.accept("could not keep a file from site " + complete.origin() + ": " + e.getMessage());
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
