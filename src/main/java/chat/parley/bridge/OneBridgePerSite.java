package chat.parley.bridge;

import chat.parley.db.SiteLock;
import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Keeps the bridge to one process of a site. Its origin id, outbox and ledger are in the data dir of the process
 * that runs it, so two web nodes bridging would be two sites sending every message twice under two origins. The
 * bridge holds a {@link SiteLock} in the database the site's processes share while it is on; a second process is
 * refused, and told who holds it. With SQLite one process uses the database and the lock is always granted.
 */
final class OneBridgePerSite {

    /** Any fixed number (distinct from the other advisory locks): "parlbrdg". */
    static final long KEY = 0x7061726c62726467L;
    /** PostgreSQL keeps at most 63 bytes of an application name. */
    private static final int MAX_NAME = 63;

    private final SqlStore site;
    private final String holder;
    private SiteLock lock;
    /** Between {@link #take} and {@link #release}: the bridge is on and must hold the lock. */
    private boolean wanted;
    private boolean closed;

    OneBridgePerSite(SqlStore site, String holder) {
        this.site = site;
        this.holder = holder.length() > MAX_NAME ? holder.substring(0, MAX_NAME) : holder;
    }

    /**
     * Takes the lock, or keeps it if still held.
     *
     * @throws BridgeRunsElsewhereException     when another process holds it
     * @throws BridgeLockUnavailableException when the database cannot be asked (the lock stays wanted: {@link #lost})
     */
    synchronized void take() {
        if (closed) {
            throw new IllegalStateException("the bridge is closed");
        }
        if (lock != null && lock.held()) {
            wanted = true;
            return;
        }
        drop();
        Optional<SiteLock> taken;
        try {
            taken = site.tryLock(KEY, holder);
        } catch (SQLException e) {
            throw new BridgeLockUnavailableException("cannot check that no other process of this site runs the "
                    + "bridge: " + Bridge.rootMessage(e), e);
        }
        if (taken.isEmpty()) {
            String who;
            try {
                who = site.lockHolder(KEY).orElse("another process");
            } catch (SQLException e) {
                who = "another process";
            }
            throw new BridgeRunsElsewhereException("the bridge already runs in another process of this site, on the "
                    + "same database: " + who);
        }
        lock = taken.get();
        wanted = true;
    }

    /** Whether the bridge is on but does not hold the lock (its connection to the database ended, or was never had). */
    synchronized boolean lost() {
        return wanted && !closed && (lock == null || !lock.held());
    }

    /** The bridge is off: lets go of the lock. */
    synchronized void release() {
        wanted = false;
        drop();
    }

    /** The bridge is closed: lets go of the lock for good. */
    synchronized void close() {
        closed = true;
        release();
    }

    private void drop() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
