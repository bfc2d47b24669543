package chat.parley.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections, opened when first needed and then kept: a read borrows one, so a request that reads
 * many rows (or many rooms) uses one connection, not one per row. In WAL mode readers never block the writer or each
 * other. A reader whose file is gone (or whose disk failed) fails forever, so after such an error it is replaced.
 */
final class ReaderPool implements AutoCloseable {

    /** Opens a new read-only connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int size;
    private final BlockingQueue<Connection> idle;
    private int opened;
    private boolean closed;

    ReaderPool(Opener opener, int size) {
        this.opener = opener;
        this.size = size;
        this.idle = new LinkedBlockingQueue<>(size);
    }

    /** Runs {@code work} on a borrowed reader, waiting for one when all {@link #size} are busy. */
    <T> T read(SqlWork<T> work) throws SQLException {
        Connection c = borrow();
        try {
            T result = work.run(c);
            giveBack(c);
            return result;
        } catch (SQLException e) {
            if (SqliteErrors.connectionLost(e)) {
                replace(c);
            } else {
                giveBack(c);
            }
            throw e;
        } catch (RuntimeException e) {
            giveBack(c);
            throw e;
        }
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        while (true) {
            synchronized (this) {
                if (closed) {
                    throw new SQLException("the database is closed");
                }
                if (opened < size) {
                    c = opener.open();
                    opened++;
                    return c;
                }
            }
            try {
                // Polled, not taken: a reader replaced meanwhile frees a place to open a new one.
                c = idle.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a database connection", e);
            }
            if (c != null) {
                return c;
            }
        }
    }

    private void giveBack(Connection c) {
        synchronized (this) {
            if (!closed) {
                idle.add(c);
                return;
            }
        }
        closeQuietly(c);
    }

    /** Closes a reader that lost its file; the next borrow opens a new one (once the fault is gone). */
    private void replace(Connection c) {
        closeQuietly(c);
        synchronized (this) {
            opened--;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection closes as far as it can
        }
    }
}
