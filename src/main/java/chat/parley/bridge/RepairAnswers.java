package chat.parley.bridge;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.EnvelopeCodec;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Answers repair requests from other sites out of this site's history: for its own messages always, for another
 * origin's only when the request says {@code any} and this site holds some of them. An answer is at most
 * {@link #BATCH} messages, in counter order, then a {@link RepairProtocol.Done}; all answers together send at most
 * {@link #PER_SECOND} messages a second, and at most {@link #QUEUE} requests wait (more are dropped and counted). The
 * caller decides first whether the room may be answered about at all (bridged, not private, not a DM).
 */
final class RepairAnswers implements AutoCloseable {

    /** The most messages one answer carries. */
    static final int BATCH = 100;
    /** The most messages all answers together send per second. */
    static final int PER_SECOND = 200;
    /** The most requests waiting for an answer. */
    static final int QUEUE = 32;
    /** How long an answer may wait for the remote's acknowledgements. */
    private static final long PUBLISH_TIMEOUT_SECONDS = 30;

    /** Sends to the remote; completes once the remote acknowledged everything (fails when not connected). */
    interface Publisher {
        CompletableFuture<Void> publishAll(List<String> topics, List<String> payloads);
    }

    /**
     * The chunks (as published) of the files a repaired message shows, to go ahead of it, so the requester has them
     * when the message arrives; empty when it shows none that travel.
     */
    interface FileChunks {
        List<String> of(Envelope message) throws InterruptedException;

        FileChunks NONE = message -> List.of();
    }

    /**
     * An answer ready to send.
     *
     * @param payloads the envelopes, in counter order
     * @param done     what the answer covered
     * @param messages the envelopes as stored here, in the same order
     */
    record Answer(List<String> payloads, RepairProtocol.Done done, List<Envelope> messages) {
    }

    private final String self;
    private final String prefix;
    private final RepairLedger ledger;
    private final MessageStore history;
    private final Publisher publisher;
    private final Counter answered;
    private final Counter dropped;
    private final Consumer<String> problems;
    private final TokenBucket bucket = new TokenBucket(PER_SECOND, PER_SECOND, System::nanoTime);
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker;
    private volatile FileChunks fileChunks = FileChunks.NONE;

    /**
     * @param answered counts requests answered
     * @param dropped  counts requests dropped because too many were waiting
     * @param problems hears of answers that failed (the requester asks again)
     */
    RepairAnswers(String self, String prefix, RepairLedger ledger, MessageStore history, Publisher publisher,
                  Counter answered, Counter dropped, Consumer<String> problems) {
        this.self = self;
        this.prefix = prefix;
        this.ledger = ledger;
        this.history = history;
        this.publisher = publisher;
        this.answered = answered;
        this.dropped = dropped;
        this.problems = problems;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "parley-bridge-repair");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Where the chunks of repaired messages' files come from. */
    void fileChunks(FileChunks chunks) {
        this.fileChunks = chunks;
    }

    /**
     * Queues an answer to a request about an answerable room, unless it is not for this site, or the same requester
     * already waits for an answer about the same origin and room.
     */
    void requested(String room, RepairProtocol.Request request) {
        if (!request.origin().equals(self) && !request.any()) {
            return; // for the origin to answer
        }
        String key = request.by() + "|" + request.origin() + "|" + room;
        if (!waiting.add(key)) {
            dropped.increment();
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    send(room, request, () -> waiting.remove(key));
                } finally {
                    waiting.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.remove(key);
            dropped.increment();
        }
    }

    /**
     * Answers one request. {@code answering} runs just before the answer goes out: from then on the same requester's
     * next request (it may come as soon as the answer ends) is a new one, not a repeat of this.
     */
    private void send(String room, RepairProtocol.Request request, Runnable answering) {
        try {
            Answer answer = answer(room, request);
            if (answer == null) {
                return;
            }
            bucket.take(answer.payloads().size() + 1);
            answering.run();
            String topic = RepairProtocol.answers(prefix, room, request.by());
            var topics = new ArrayList<String>();
            var payloads = new ArrayList<String>();
            for (int i = 0; i < answer.payloads().size(); i++) {
                for (String chunk : fileChunks.of(answer.messages().get(i))) { // ahead of the message that shows it
                    topics.add(RepairProtocol.files(prefix, room));
                    payloads.add(chunk);
                }
                topics.add(topic);
                payloads.add(answer.payloads().get(i));
            }
            topics.add(topic);
            payloads.add(answer.done().toJson());
            publisher.publishAll(topics, payloads).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            answered.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problems.accept("answering a repair request of " + request.by() + " failed: " + e);
        }
    }

    /**
     * What to send for a request: the messages with counters after {@code request.after()} (up to its {@code upto}
     * and this site's latest), at most {@link #BATCH}, and the spans covered without a message. {@code null} when this
     * site has nothing to say (another origin's messages, none of which it holds).
     */
    Answer answer(String room, RepairProtocol.Request request) throws java.sql.SQLException {
        String origin = request.origin();
        boolean own = origin.equals(self);
        long latest;
        if (own) {
            latest = ledger.lastOwn(room);
        } else {
            RepairLedger.Progress p = ledger.progress(origin, room);
            latest = p == null ? 0 : p.held();
        }
        long ceiling = request.upto() == null ? latest : Math.min(request.upto(), latest);
        List<RepairLedger.Row> rows = ceiling > request.after()
                ? ledger.rows(origin, room, request.after(), ceiling, BATCH) : List.of();
        if (!own && rows.isEmpty()) {
            return null;
        }
        var spans = new Spans();
        var payloads = new ArrayList<String>();
        var messages = new ArrayList<Envelope>();
        long next = request.after() + 1;
        for (RepairLedger.Row row : rows) {
            if (own) {
                spans.gone(next, row.oseq() - 1); // numbered here, and its row pruned: history no longer has it
            }
            next = row.oseq() + 1;
            Optional<Envelope> stored = row.seq() == null ? Optional.empty() : history.message(room, row.seq());
            if (stored.isEmpty()) {
                if (own) {
                    spans.gone(row.oseq(), row.oseq());
                }
            } else if (stored.get().deleted() || stored.get().body() instanceof Body.Delete) {
                spans.skipped(row.oseq()); // deleted here: nothing to store there, and nothing to regret
            } else {
                spans.sent(stored.get().ts());
                payloads.add(payload(stored.get(), origin, row.oseq()));
                messages.add(stored.get());
            }
        }
        long upto;
        if (rows.size() == BATCH) {
            upto = rows.get(BATCH - 1).oseq();
        } else if (own) {
            upto = Math.max(ceiling, request.after());
            spans.gone(next, upto);
        } else {
            upto = rows.get(rows.size() - 1).oseq();
        }
        return new Answer(payloads, new RepairProtocol.Done(self, origin, request.after(), upto, latest,
                spans.skipped, spans.unavailable(System.currentTimeMillis())), messages);
    }

    /** A stored envelope as it travels: without this site's seq, client and {@code via}; with origin and counter. */
    static String payload(Envelope stored, String origin, long oseq) {
        ObjectNode node = EnvelopeCodec.toJson(stored.withState(null));
        node.remove("seq");
        node.remove("client");
        node.remove("via");
        node.put("origin", origin);
        node.put("oseq", oseq);
        return node.toString();
    }

    /** Counters an answer covers without a message, merged into spans. */
    private static final class Spans {
        final List<RepairLedger.Span> skipped = new ArrayList<>();
        private final List<long[]> gone = new ArrayList<>(); // from, to, before (-1: not known yet)

        void skipped(long oseq) {
            int last = skipped.size() - 1;
            if (last >= 0 && skipped.get(last).to() == oseq - 1) {
                skipped.set(last, new RepairLedger.Span(skipped.get(last).from(), oseq, null));
            } else {
                skipped.add(new RepairLedger.Span(oseq, oseq, null));
            }
        }

        void gone(long from, long to) {
            if (from > to) {
                return;
            }
            long[] last = gone.isEmpty() ? null : gone.get(gone.size() - 1);
            if (last != null && last[1] == from - 1 && last[2] < 0) {
                last[1] = to;
            } else {
                gone.add(new long[] {from, to, -1});
            }
        }

        /** A message was sent: it is the first one still kept after the gone spans before it. */
        void sent(long ts) {
            for (long[] span : gone) {
                if (span[2] < 0) {
                    span[2] = ts;
                }
            }
        }

        List<RepairLedger.Span> unavailable(long now) {
            return gone.stream().map(s -> new RepairLedger.Span(s[0], s[1], s[2] < 0 ? now : s[2])).toList();
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
