package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.chat.RefusedException;
import chat.parley.history.MessageStore.Appended;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL store's writer, with the same group commit as SQLite's ({@link GroupCommitWriter}): one thread takes
 * every append waiting in its queue, writes them in one transaction ({@link PostgresBatch}) and completes their
 * futures after the commit, so nothing is acknowledged before it is stored. Other Parley processes may write the
 * same rooms at the same time: each transaction locks its rooms' seq rows first (see {@link PostgresSql#LOCK_ROOMS}).
 * <p>
 * A failed transaction gives its connection back to the pool (a broken one is dropped there) and fails its appends,
 * except that a batch of several that failed on its content (not on the connection) is written again one append per
 * transaction: a row the database refuses fails alone.
 */
final class PostgresWriter implements AutoCloseable {

    /** Most appends written in one transaction. */
    static final int MAX_BATCH = 1000;
    /** Most appends waiting; past this an append fails at once instead of piling up memory. */
    static final int MAX_QUEUED = 100_000;

    private static final Logger log = LoggerFactory.getLogger(PostgresWriter.class);

    /** A row for the room's seq stream; {@code admin}: an administrator's deletion (no authorship needed). */
    record Append(Envelope envelope, boolean admin, CompletableFuture<Appended> future) {
    }

    /** Opens a connection for the writer (from the pool). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final Append STOP = new Append(null, false, null);

    private final Opener opener;
    private final EnvelopeJson codec;
    private final StoreHealth health;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** Rooms known to have a row in {@code rooms} (rows are never deleted: they hold the seq counter). */
    private final Set<String> knownRooms = new HashSet<>();
    private final Thread thread;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private volatile boolean closed;
    private Connection connection;
    private PostgresBatch.Statements statements;

    PostgresWriter(Opener opener, EnvelopeJson codec, MeterRegistry metrics, StoreHealth health) {
        this.opener = opener;
        this.codec = codec;
        this.health = health;
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

    private void run() {
        var batch = new ArrayList<Append>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            int stop = batch.indexOf(STOP);
            write(stop < 0 ? batch : batch.subList(0, stop));
            batch.clear();
            if (stop >= 0) {
                return;
            }
        }
    }

    private void write(List<Append> appends) {
        if (appends.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<Object> results;
        try {
            results = transaction(appends);
        } catch (SQLException | RuntimeException e) {
            SQLException fault = PostgresFaults.withoutValues(e);
            failed(fault);
            if (appends.size() > 1 && !PostgresFaults.isConnectionLost(e)) {
                log.warn("could not store {} message(s) together ({}); storing them one by one", appends.size(),
                        fault.getMessage());
                appends.forEach(a -> write(List.of(a)));
            } else {
                log.error("could not store {} message(s): {}", appends.size(), fault.getMessage());
                appends.forEach(a -> a.future().completeExceptionally(fault));
            }
            return;
        }
        health.succeeded();
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

    /** Writes the appends in one transaction; each result is an {@link Appended} or a {@link RefusedException}. */
    private List<Object> transaction(List<Append> appends) throws SQLException {
        Connection c = open();
        var rooms = new TreeSet<String>();
        appends.forEach(a -> rooms.add(a.envelope().room()));
        if (!knownRooms.containsAll(rooms)) {
            // Outside the batch's transaction: a new room's row is committed at once, so no transaction holds its
            // key while it waits for another room's lock (two nodes would deadlock on that).
            statements.ensureRooms(rooms);
            knownRooms.addAll(rooms);
        }
        c.setAutoCommit(false);
        try {
            List<Object> results = new PostgresBatch(statements, codec, rooms, appends).write();
            c.commit();
            return results;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Connection open() throws SQLException {
        if (connection == null) {
            Connection c = opener.open();
            try {
                statements = new PostgresBatch.Statements(c, codec);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /**
     * After a failed transaction: the connection goes back to the pool (which drops it if broken), and which rooms
     * have a seq row is read anew (a restored or edited database may lack some).
     */
    private void failed(Throwable error) {
        health.failed(error);
        knownRooms.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection closes as far as it can
            }
            connection = null;
            statements = null;
        }
    }

    /** Writes what is queued, then stops the thread and gives its connection back. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive() && connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
