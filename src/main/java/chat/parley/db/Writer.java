package chat.parley.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one writer of {@code parley.db}: a thread with a queue of jobs, each run in its own transaction on the one
 * write connection, in the order they were queued. History's group commit is one kind of job (a batch of up to 1,000
 * messages); a session, a claim, a room's meta or a bridge outbox entry is another (a few statements). Nothing else
 * in the process writes, so no transaction ever waits for another's lock.
 * <p>
 * A failed transaction (disk full, I/O error, lost file handle) fails its job, and the connection is replaced before
 * the next one: after {@code SQLITE_FULL} or {@code SQLITE_IOERR} the driver finalizes the statement that failed, a
 * failed {@code COMMIT} can leave the transaction open, and a lost file handle never comes back. A new connection has
 * none of that, costs a few milliseconds, and is only made after a failure. {@link Outcomes} hear of every
 * transaction, so {@code /api/health} can say writes fail and when they work again.
 */
public final class Writer implements AutoCloseable {

    /** Most jobs waiting; past this a job fails at once instead of piling up memory. */
    public static final int MAX_QUEUED = 100_000;

    private static final Logger log = LoggerFactory.getLogger(Writer.class);

    /** A job that completes itself: {@link #run} inside the transaction, then one of the others, on the writer. */
    public interface Job {
        void run(Connection connection) throws SQLException;

        /** After the commit. */
        void committed();

        /** After the transaction failed (nothing of it is stored) and its connection was given up. */
        void failed(Exception error);
    }

    /** Work done, in its own transaction, when no job is waiting (history's search indexing). */
    public interface IdleWork {
        /** How long to wait for a job before {@link #run}: 0 for at once, negative when there is nothing to do. */
        long waitMillis();

        void run(Connection connection) throws SQLException;

        void failed(Exception error);
    }

    /** Hears how every transaction ended. */
    public interface Outcomes {
        void succeeded();

        void failed(Throwable error);
    }

    /** Opens a new connection for the writer (at start, and again after a failure). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final Job STOP = new Job() {
        @Override
        public void run(Connection connection) {
        }

        @Override
        public void committed() {
        }

        @Override
        public void failed(Exception error) {
        }
    };

    private final Opener opener;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final List<Outcomes> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean pagesLimited = new AtomicBoolean();
    private final Thread thread;
    private volatile IdleWork idle;
    private volatile boolean closed;
    /** The writer thread's connection; null after a failure until the next transaction opens a new one. */
    private Connection connection;
    private boolean inTransaction;

    /**
     * Opens the first connection (so a database that cannot be written fails the start) and starts the thread.
     */
    Writer(Opener opener) throws SQLException {
        this.opener = opener;
        this.connection = open();
        this.thread = new Thread(this::loop, "parley-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Tells {@code listener} how every transaction ends, from now on (on the writer thread). */
    public void addOutcomes(Outcomes listener) {
        outcomes.add(listener);
    }

    /** Sets the work done when the queue is empty (one at a time: history's indexing). */
    public void whenIdle(IdleWork work) {
        this.idle = work;
    }

    /** Queues a job; false when the writer is closed or {@link #MAX_QUEUED} jobs wait (the job is not run). */
    public boolean offer(Job job) {
        return !closed && queue.offer(job);
    }

    /** Runs {@code work} in a transaction of its own, in turn; the future completes after the commit. */
    public <T> CompletableFuture<T> submit(SqlWork<T> work) {
        var future = new CompletableFuture<T>();
        var job = new Job() {
            private T result;

            @Override
            public void run(Connection c) throws SQLException {
                result = work.run(c);
            }

            @Override
            public void committed() {
                future.complete(result);
            }

            @Override
            public void failed(Exception error) {
                future.completeExceptionally(error);
            }
        };
        if (!offer(job)) {
            future.completeExceptionally(new SQLException(closed ? "the database is closed"
                    : "the database writer is overloaded (" + MAX_QUEUED + " writes waiting)"));
        }
        return future;
    }

    /**
     * Runs {@code work} in a transaction and returns its result once committed. Called on the writer thread itself
     * (from a job's completion), it runs at once: inside the running transaction, or in one of its own.
     */
    public <T> T write(SqlWork<T> work) throws SQLException {
        if (Thread.currentThread() == thread) {
            if (inTransaction) {
                return work.run(connection);
            }
            var job = new Job() {
                T result;
                Exception error;

                @Override
                public void run(Connection c) throws SQLException {
                    result = work.run(c);
                }

                @Override
                public void committed() {
                }

                @Override
                public void failed(Exception e) {
                    error = e;
                }
            };
            transaction(job);
            if (job.error instanceof SQLException sql) {
                throw sql;
            }
            if (job.error instanceof RuntimeException runtime) {
                throw runtime;
            }
            return job.result;
        }
        return Database.join(submit(work));
    }

    /**
     * Test seam: {@code true} makes the database file unable to grow, for this connection and every one opened after
     * a failure, as on a full disk ({@code SQLITE_FULL}, without needing root for a small file system); {@code false}
     * frees the "space" again.
     */
    public void limitPagesForTesting(boolean full) throws SQLException {
        pagesLimited.set(full);
        write(c -> {
            limitPages(c, full);
            return null;
        });
    }

    private void loop() {
        while (true) {
            Job job;
            try {
                job = queue.poll();
                if (job == null) {
                    IdleWork work = idle;
                    long wait = work == null ? -1 : work.waitMillis();
                    if (wait >= 0) {
                        job = wait == 0 ? null : queue.poll(wait, TimeUnit.MILLISECONDS);
                        if (job == null) {
                            runIdle(work);
                            continue;
                        }
                    } else {
                        job = queue.take();
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            transaction(job);
        }
    }

    private void transaction(Job job) {
        try {
            Connection c = connection();
            try (Statement st = c.createStatement()) {
                // IMMEDIATE: other processes (`parley user`, `parley bot` beside a running server) may write the
                // file too; taking the write lock first means none of them can invalidate this transaction's
                // read snapshot half-way (SQLITE_BUSY_SNAPSHOT). Within this process nobody else writes.
                st.execute("BEGIN IMMEDIATE");
                inTransaction = true;
                job.run(c);
                st.execute("COMMIT");
                inTransaction = false;
            }
        } catch (SQLException | RuntimeException e) {
            inTransaction = false;
            failed(e);
            tell(() -> job.failed(e));
            return;
        }
        outcomes.forEach(Outcomes::succeeded);
        tell(job::committed);
    }

    private void runIdle(IdleWork work) {
        try {
            transaction(new Job() {
                @Override
                public void run(Connection c) throws SQLException {
                    work.run(c);
                }

                @Override
                public void committed() {
                }

                @Override
                public void failed(Exception error) {
                    work.failed(error);
                }
            });
        } catch (RuntimeException e) {
            log.error("idle work of the database writer: {}", e.toString());
        }
    }

    /** Runs a job's completion; a failing one must not stop the writer. */
    private static void tell(Runnable completion) {
        try {
            completion.run();
        } catch (RuntimeException e) {
            log.error("after a database write: {}", e.toString(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = open();
            log.debug("reopened the database after a failed write"); // once per failed transaction: not info
        }
        return connection;
    }

    private Connection open() throws SQLException {
        Connection c = opener.open();
        if (pagesLimited.get()) {
            try {
                limitPages(c, true);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Ends a failed transaction, gives up the connection and tells the outcome listeners. */
    private void failed(Throwable error) {
        if (connection != null) {
            try (Statement st = connection.createStatement()) {
                st.execute("ROLLBACK"); // a new statement: the prepared ones may be finalized
            } catch (SQLException e) {
                log.debug("rollback: {}", e.toString()); // SQLite may already have ended the transaction itself
            }
            closeConnection();
        }
        for (Outcomes listener : outcomes) {
            listener.failed(error);
        }
    }

    private static void limitPages(Connection connection, boolean full) throws SQLException {
        try (var st = connection.createStatement()) {
            long pages = 4_294_967_294L; // SQLite's largest page count: no limit
            if (full) {
                try (var rs = st.executeQuery("PRAGMA page_count")) {
                    pages = rs.next() ? rs.getLong(1) : pages;
                }
            }
            st.execute("PRAGMA max_page_count = " + pages);
        }
    }

    private void closeConnection() {
        try {
            connection.close(); // closing the connection finalizes every statement prepared on it
        } catch (SQLException e) {
            log.warn("closing the database's writer connection: {}", e.toString());
        }
        connection = null;
    }

    /** Writes what is queued, then stops the thread and closes the connection. */
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
        if (!thread.isAlive() && connection != null) { // else the thread still uses it; the process is going away
            closeConnection();
        }
    }
}
