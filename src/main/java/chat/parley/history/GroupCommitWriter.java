package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.chat.RefusedException;
import chat.parley.db.SqliteErrors;
import chat.parley.db.Writer;
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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * History's group commit on the database's one {@link Writer}: appends wait in a queue of their own, and one job on
 * the writer takes every append waiting (up to {@link #MAX_BATCH}), writes them in one transaction and completes their
 * futures after the commit. Under load many messages share one commit (and one fsync with {@code durability: power});
 * alone, a message is committed at once. While the writer has nothing else to do, it brings the search index up.
 * <p>
 * A failed transaction (disk full, I/O error, lost file handle) fails the futures of everything in it, so nothing is
 * acknowledged that was not stored; the writer replaces its connection, so stores work again as soon as the fault is
 * gone, with no restart. One row the database refuses (a constraint it breaks) fails alone: it gets a
 * {@link Refusal#UNSTORABLE} refusal and the rest of its batch is stored and acknowledged.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Most appends written in one transaction. */
    static final int MAX_BATCH = 1000;
    /** Most appends waiting; past this an append fails at once instead of piling up memory. */
    static final int MAX_QUEUED = 100_000;
    /** How long the writer waits for another job before it indexes a backlog smaller than a batch. */
    static final long IDLE_BEFORE_INDEXING_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** A row for the room's seq stream; {@code admin}: an administrator's deletion (no authorship needed). */
    private record Append(Envelope envelope, boolean admin, CompletableFuture<Appended> future) {
    }

    /** The row at {@code index} of a batch broke a constraint; the batch is written again without it. */
    private static final class BadRow extends Exception {
        final int index;

        BadRow(int index, Exception cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
        }
    }

    private final Writer writer;
    private final EnvelopeJson codec;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** Whether a {@link Drain} is queued on the writer and has not started taking appends. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Whether an index step is queued on the writer because the backlog grew too large. */
    private final AtomicBoolean indexQueued = new AtomicBoolean();
    private final Map<String, Long> lastSeq = new HashMap<>(); // writer thread only
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private volatile boolean closed;
    private long indexingPausedUntil;
    /** The statements on the writer's current connection; made anew when the writer replaced it. Writer only. */
    private WriterConnection db;

    /**
     * Prepares the statements on the writer's connection (so a database that cannot be written fails the start).
     *
     * @throws SQLException when they cannot be prepared
     */
    GroupCommitWriter(Writer writer, ObjectMapper json, MeterRegistry metrics) throws SQLException {
        this.writer = writer;
        this.codec = new EnvelopeJson(json);
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
        writer.write(c -> {
            statements(c);
            return null;
        });
        writer.whenIdle(new Indexing());
    }

    CompletableFuture<Appended> append(Envelope envelope, boolean admin) {
        var future = new CompletableFuture<Appended>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("the history store is closed"));
        } else if (!queue.offer(new Append(envelope, admin, future))) {
            future.completeExceptionally(new IllegalStateException("the history store is overloaded"));
        } else {
            scheduleDrain();
        }
        return future;
    }

    /** Queues a drain on the writer unless one is queued already (it will take this append too). */
    private void scheduleDrain() {
        if (drainQueued.compareAndSet(false, true) && !writer.offer(new Drain())) {
            drainQueued.set(false);
            var error = new IllegalStateException("the database writer is closed or overloaded");
            Append append;
            while ((append = queue.poll()) != null) {
                append.future().completeExceptionally(error);
            }
        }
    }

    /** Runs {@code work} in its own transaction on the writer, between appends. */
    <T> CompletableFuture<T> submit(chat.parley.db.SqlWork<T> work) {
        return writer.submit(work);
    }

    /** Brings the search index up to every committed message; completes when it is. */
    CompletableFuture<Void> indexNow() {
        return writer.submit(c -> {
            WriterConnection w = statements(c);
            while (w.indexer.step() > 0) {
                // until nothing is left
            }
            return null;
        });
    }

    /** One group commit: every append waiting when it starts (up to {@link #MAX_BATCH}), in one transaction. */
    private final class Drain implements Writer.Job {
        private final List<Append> appends = new ArrayList<>();
        private boolean taken;
        private List<Object> results;
        private long started;

        @Override
        public void run(Connection connection) throws SQLException {
            take();
            if (appends.isEmpty()) {
                results = List.of();
                return;
            }
            started = System.nanoTime();
            results = writeAppends(statements(connection), appends);
        }

        @Override
        public void committed() {
            if (!appends.isEmpty()) {
                db.indexer.committed(appends.size());
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
            afterwards();
        }

        /** Takes the waiting appends (once: also when the transaction failed before {@link #run}). */
        private void take() {
            if (!taken) {
                taken = true;
                drainQueued.set(false); // an append from now on queues the next drain
                queue.drainTo(appends, MAX_BATCH);
            }
        }

        @Override
        public void failed(Exception error) {
            take(); // the writer could not even begin (its connection cannot be opened): these fail now
            // The seq cache may hold seqs of the rolled-back transaction; the statements died with the connection.
            lastSeq.clear();
            db = null;
            if (!appends.isEmpty()) {
                log.error("could not store {} message(s): {}", appends.size(), error.toString());
            }
            appends.forEach(a -> a.future().completeExceptionally(error));
            afterwards();
        }

        private void afterwards() {
            if (!queue.isEmpty()) {
                scheduleDrain(); // more than one batch was waiting
            }
            if (db != null && db.indexer.backlogTooLarge() && indexQueued.compareAndSet(false, true)
                    && !writer.offer(new IndexStep())) {
                indexQueued.set(false); // busy for long: index anyway so search never falls far behind
            }
        }
    }

    /**
     * Writes a batch inside the writer's transaction. Each result is an {@link Appended}, or the
     * {@link RefusedException} of an event the room's history refused (which wrote nothing) or of a row the database
     * refused: the transaction is then rolled back, begun again and the batch written without that row, so the row
     * fails alone. (Not a savepoint per batch: with one open, SQLite copies every page the batch touches to a
     * sub-journal, which made group commits two to three times slower.)
     */
    private List<Object> writeAppends(WriterConnection w, List<Append> appends) throws SQLException {
        var refusedRows = new HashMap<Integer, RefusedException>();
        while (true) {
            var touchedRooms = new LinkedHashMap<String, Long>();
            try {
                return attempt(w, appends, refusedRows, touchedRooms);
            } catch (BadRow bad) {
                try (Statement st = w.connection.createStatement()) {
                    st.execute("ROLLBACK"); // the writer's transaction, begun again at once for the rest
                    st.execute("BEGIN IMMEDIATE");
                }
                touchedRooms.keySet().forEach(lastSeq::remove); // their seqs were rolled back
                Append append = appends.get(bad.index);
                log.warn("the database refused message {} in room {} (the rest of its batch is stored): {}",
                        append.envelope().id(), append.envelope().room(), bad.getMessage());
                refusedRows.put(bad.index, new RefusedException(Refusal.UNSTORABLE,
                        "the message could not be stored: the database refused it (" + bad.getMessage() + ")"));
            }
        }
    }

    private List<Object> attempt(WriterConnection w, List<Append> appends, Map<Integer, RefusedException> refusedRows,
                                 Map<String, Long> touchedRooms) throws SQLException, BadRow {
        var results = new ArrayList<Object>(appends.size());
        for (int i = 0; i < appends.size(); i++) {
            RefusedException refusedRow = refusedRows.get(i);
            if (refusedRow != null) {
                results.add(refusedRow);
                continue;
            }
            try {
                results.add(insert(w, appends.get(i), touchedRooms));
            } catch (RefusedException refused) {
                results.add(refused);
            } catch (SQLException e) {
                if (!SqliteErrors.rowOnly(e)) {
                    throw e; // the database, not the row: the whole batch fails
                }
                throw new BadRow(i, e);
            } catch (RuntimeException e) {
                throw new BadRow(i, e); // a row that cannot be encoded fails alone too
            }
        }
        for (var room : touchedRooms.entrySet()) {
            w.upsertLastSeq.setString(1, room.getKey());
            w.upsertLastSeq.setLong(2, room.getValue());
            w.upsertLastSeq.executeUpdate();
        }
        return results;
    }
    private Appended insert(WriterConnection w, Append append, Map<String, Long> touchedRooms)
            throws SQLException, RefusedException {
        Envelope envelope = append.envelope();
        PreparedStatement findById = w.findById;
        PreparedStatement insertMessage = w.insertMessage;
        String room = envelope.room();
        // A plain message is inserted at once and a repeated id is found by the insert doing nothing (UNIQUE (room,
        // msg_id)); an event must not change its target twice, so a repeat is looked for first.
        boolean event = MessageEvents.readsHistory(envelope);
        if (event) {
            Appended repeat = alreadyStored(findById, room, envelope.id());
            if (repeat != null) {
                return repeat;
            }
        }
        long seq = nextSeq(w.selectLastSeq, room);
        if (event && !w.events.apply(envelope, seq, append.admin())) {
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
        if (insertMessage.executeUpdate() == 0) {
            return alreadyStored(findById, room, envelope.id()); // the id was there already: that one is the answer
        }
        lastSeq.put(room, seq);
        touchedRooms.put(room, seq);
        return new Appended(stored, json, false);
    }

    /** The message stored under this id, as a repeat's answer, or null. */
    private Appended alreadyStored(PreparedStatement findById, String room, String id) throws SQLException {
        findById.setString(1, room);
        findById.setString(2, id);
        try (var rs = findById.executeQuery()) {
            if (rs.next()) {
                String json = rs.getString(1);
                return new Appended(codec.decode(json), json, true);
            }
        }
        return null;
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

    /** Search indexing when the writer has nothing else to do (see {@link SearchIndexer}). */
    private final class Indexing implements Writer.IdleWork {
        @Override
        public long waitMillis() {
            SearchIndexer indexer = db == null ? null : db.indexer; // none while broken: the next job reopens
            if (indexer == null || !indexer.hasBacklog() || System.nanoTime() < indexingPausedUntil) {
                return -1;
            }
            // Index a batch that is worth a transaction at once, or whatever is left once nothing arrived for a
            // moment. Under a steady trickle of messages that is one index step per BATCH messages instead of one
            // per commit.
            return indexer.due() ? 0 : IDLE_BEFORE_INDEXING_MS;
        }

        @Override
        public void run(Connection connection) throws SQLException {
            statements(connection).indexer.step();
        }

        @Override
        public void failed(Exception error) {
            indexingFailed(error);
        }
    }

    /** One index step queued between appends while the backlog is too large. */
    private final class IndexStep implements Writer.Job {
        @Override
        public void run(Connection connection) throws SQLException {
            indexQueued.set(false);
            statements(connection).indexer.step();
        }

        @Override
        public void committed() {
        }

        @Override
        public void failed(Exception error) {
            indexQueued.set(false);
            indexingFailed(error);
        }
    }

    private void indexingFailed(Exception error) {
        db = null;
        lastSeq.clear();
        indexingPausedUntil = System.nanoTime() + 1_000_000_000L; // don't spin on a persistent failure
        log.error("search indexing failed: {}", error.toString());
    }

    /**
     * The statements on the writer's connection, prepared anew when the writer replaced it after a failure (its
     * indexer then reads how far the index goes again).
     */
    private WriterConnection statements(Connection connection) throws SQLException {
        if (db == null || db.connection != connection) {
            db = new WriterConnection(connection, codec);
            lastSeq.clear(); // another job's failure replaced the connection: read the seqs again to be sure
        }
        return db;
    }

    /** Writes what is queued; the database's writer goes on for the other stores until the database closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.whenIdle(null);
        try {
            do {
                writer.submit(c -> null).join(); // after every drain queued before it
            } while (!queue.isEmpty() || drainQueued.get()); // a drain of more than a batch queued another
        } catch (RuntimeException e) {
            log.warn("the last appends before closing: {}", e.toString());
        }
    }
}
