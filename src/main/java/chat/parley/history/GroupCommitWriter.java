package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.chat.RefusedException;
import chat.parley.history.MessageStore.Appended;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The store's only writer: one thread that takes every append waiting in its queue, writes them in one transaction
 * and completes their futures after the commit. Under load many messages share one commit (and one fsync with
 * {@code durability: power}); alone, a message is committed at once.
 * <p>
 * A failed transaction (disk full, I/O error, lost file handle) fails the futures of everything in it, so nothing is
 * acknowledged that was not stored, and the connection is replaced before the next job: stores work again as soon
 * as the fault is gone, with no restart. {@link StoreHealth} reports and counts the failures meanwhile.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Most appends written in one transaction. */
    static final int MAX_BATCH = 1000;
    /** Most appends waiting; past this an append fails at once instead of piling up memory. */
    static final int MAX_QUEUED = 100_000;
    /** How long the writer waits for another append before it indexes a backlog smaller than a batch. */
    static final long IDLE_BEFORE_INDEXING_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private sealed interface Job permits Append, Task, Stop {
    }

    /** A row for the room's seq stream; {@code admin}: an administrator's deletion (no authorship needed). */
    private record Append(Envelope envelope, boolean admin, CompletableFuture<Appended> future) implements Job {
    }

    private record Task(SqlWork<?> work, CompletableFuture<Object> future) implements Job {
    }

    private record Stop() implements Job {
    }

    /** Work done in its own transaction on the writer's connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens a new connection for the writer, set up for it (at start, and again after a failure). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final StoreHealth health;
    private final EnvelopeJson codec;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Thread thread;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private volatile boolean closed;
    private long indexingPausedUntil;
    /** The writer thread's connection; null after a failure until the next job opens a new one. */
    private WriterConnection db;

    /**
     * Opens the first connection (so a database that cannot be written fails the start) and starts the thread.
     *
     * @throws SQLException when the connection cannot be opened or its statements prepared
     */
    GroupCommitWriter(Opener opener, ObjectMapper json, MeterRegistry metrics, StoreHealth health)
            throws SQLException {
        this.opener = opener;
        this.health = health;
        this.codec = new EnvelopeJson(json);
        this.db = WriterConnection.on(opener.open(), codec);
        this.commitTimer = Timer.builder("parley.store.commit")
                .description("Time to write and commit one group of messages")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        this.batchSize = DistributionSummary.builder("parley.store.batch.size")
                .description("Messages per group commit")
                .register(metrics);
        Gauge.builder("parley.store.queue", queue, BlockingQueue::size)
                .description("Appends waiting for the writer")
                .register(metrics);
        this.thread = new Thread(this::run, "parley-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<Appended> append(Envelope envelope, boolean admin) {
        var future = new CompletableFuture<Appended>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("the history store is closed"));
        } else if (!queue.offer(new Append(envelope, admin, future))) {
            future.completeExceptionally(new IllegalStateException("the history store is overloaded"));
        }
        return future;
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(SqlWork<T> work) {
        var future = new CompletableFuture<Object>();
        if (closed || !queue.offer(new Task(work, future))) {
            future.completeExceptionally(new IllegalStateException("the history store is closed or overloaded"));
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) future;
    }

    /** Brings the search index up to every committed message; completes when it is. */
    CompletableFuture<Void> indexNow() {
        return submit(c -> {
            while (db.indexer.step() > 0) { // tasks run on the writer thread with db open
                // until nothing is left
            }
            return null;
        });
    }

    private void run() {
        var batch = new ArrayList<Job>(MAX_BATCH);
        while (true) {
            Job first;
            try {
                first = queue.poll();
                SearchIndexer indexer = db == null ? null : db.indexer; // none while broken: the next job reopens
                if (first == null && indexer != null && indexer.hasBacklog()
                        && System.nanoTime() >= indexingPausedUntil) {
                    // Nothing to append: index a batch that is worth a transaction, or whatever is left once
                    // nothing arrived for a moment. Under a steady trickle of messages that is one index step per
                    // BATCH messages instead of one per commit.
                    first = indexer.due() ? null : queue.poll(IDLE_BEFORE_INDEXING_MS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        indexStep();
                        continue;
                    }
                }
                batch.add(first != null ? first : queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            var appends = new ArrayList<Append>(batch.size());
            boolean stop = false;
            for (Job job : batch) {
                if (job instanceof Append append) {
                    appends.add(append);
                } else {
                    writeAppends(appends);
                    appends.clear();
                    if (job instanceof Task task) {
                        runTask(task);
                    } else {
                        stop = true;
                    }
                }
            }
            writeAppends(appends);
            batch.clear();
            if (stop) {
                return;
            }
            if (db != null && db.indexer.backlogTooLarge()) {
                indexStep(); // busy for long: index anyway so search never falls far behind
            }
        }
    }

    private void writeAppends(List<Append> appends) {
        if (appends.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        // Each append's result: an Appended, or the RefusedException of an event the room's history refused (which
        // wrote nothing, so the rest of the batch commits as usual).
        var results = new ArrayList<Object>(appends.size());
        var touchedRooms = new LinkedHashMap<String, Long>();
        WriterConnection w;
        try {
            w = open();
            w.begin.execute();
            for (Append append : appends) {
                try {
                    results.add(insert(w, append, touchedRooms));
                } catch (RefusedException refused) {
                    results.add(refused);
                }
            }
            for (var room : touchedRooms.entrySet()) {
                w.upsertLastSeq.setString(1, room.getKey());
                w.upsertLastSeq.setLong(2, room.getValue());
                w.upsertLastSeq.executeUpdate();
            }
            w.commit.execute();
        } catch (SQLException | RuntimeException e) {
            failed(e);
            log.error("could not store {} message(s): {}", appends.size(), e.toString());
            appends.forEach(a -> a.future().completeExceptionally(e));
            return;
        }
        health.succeeded();
        w.indexer.committed(appends.size());
        commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        batchSize.record(appends.size());
        for (int i = 0; i < appends.size(); i++) {
            if (results.get(i) instanceof Appended appended) {
                appends.get(i).future().complete(appended);
            } else {
                appends.get(i).future().completeExceptionally((RefusedException) results.get(i));
            }
        }
    }

    private Appended insert(WriterConnection w, Append append, Map<String, Long> touchedRooms)
            throws SQLException, RefusedException {
        Envelope envelope = append.envelope();
        PreparedStatement findById = w.findById;
        PreparedStatement insertMessage = w.insertMessage;
        String room = envelope.room();
        findById.setString(1, room);
        findById.setString(2, envelope.id());
        try (var rs = findById.executeQuery()) {
            if (rs.next()) {
                String json = rs.getString(1);
                return new Appended(codec.decode(json), json, true);
            }
        }
        long seq = nextSeq(w.selectLastSeq, room);
        if (!w.events.apply(envelope, seq, append.admin())) {
            // A reaction already there (or one to remove that is not): nothing changes, nothing is stored or sent.
            return new Appended(envelope, codec.encode(envelope), true);
        }
        Envelope stored = envelope.withSeq(seq);
        insertMessage.setString(1, room);
        insertMessage.setLong(2, seq);
        insertMessage.setString(3, stored.id());
        insertMessage.setString(4, stored.from());
        insertMessage.setLong(5, stored.ts());
        insertMessage.setString(6, stored.type());
        insertMessage.setString(7, SearchText.of(stored));
        String json = codec.encode(stored);
        insertMessage.setString(8, json);
        insertMessage.setString(9, stored.target());
        insertMessage.executeUpdate();
        lastSeq.put(room, seq);
        touchedRooms.put(room, seq);
        return new Appended(stored, json, false);
    }

    private long nextSeq(PreparedStatement selectLastSeq, String room) throws SQLException {
        Long last = lastSeq.get(room);
        if (last == null) {
            selectLastSeq.setString(1, room);
            try (var rs = selectLastSeq.executeQuery()) {
                last = rs.next() ? rs.getLong(1) : 0L;
            }
        }
        return last + 1;
    }

    private void runTask(Task task) {
        try {
            WriterConnection w = open();
            w.begin.execute();
            Object result = task.work().run(w.connection);
            w.commit.execute();
            health.succeeded();
            task.future().complete(result);
        } catch (SQLException | RuntimeException e) {
            failed(e);
            task.future().completeExceptionally(e);
        }
    }

    private void indexStep() {
        try {
            WriterConnection w = open();
            w.begin.execute();
            w.indexer.step();
            w.commit.execute();
        } catch (SQLException | RuntimeException e) {
            failed(e);
            indexingPausedUntil = System.nanoTime() + 1_000_000_000L; // don't spin on a persistent failure
            log.error("search indexing failed: {}", e.toString());
        }
    }

    /** The writer's connection, a new one when the last failed. */
    private WriterConnection open() throws SQLException {
        if (db == null) {
            db = WriterConnection.on(opener.open(), codec);
            log.debug("reopened the history database after a failed write"); // once per failed batch: not info
        }
        return db;
    }

    /**
     * After a failed transaction: the connection is given up (see {@link WriterConnection} for why), the seq cache
     * forgotten (it may hold seqs of the rolled-back transaction) and the failure counted. The new connection's
     * indexer reads how far the index goes again.
     */
    private void failed(Throwable error) {
        lastSeq.clear();
        if (db != null) {
            db.abandon();
            db = null;
        }
        health.failed(error);
    }

    /** Writes what is queued, then stops the thread and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Stop());
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive() && db != null) { // else the thread still uses it; the process is going away anyway
            db.close();
            db = null;
        }
    }
}
