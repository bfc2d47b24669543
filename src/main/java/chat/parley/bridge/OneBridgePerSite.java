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

    OneBridgePerSite(SqlStore site, String holder) {
        this.site = site;
        this.holder = holder.length() > MAX_NAME ? holder.substring(0, MAX_NAME) : holder;
    }

    /**
     * Takes the lock, or keeps it if still held.
     *
     * @throws BridgeRunsElsewhereException when another process holds it
     * @throws IllegalStateException         when the database cannot be asked
     */
    synchronized void take() {
        if (lock != null && lock.held()) {
            return;
        }
        release();
        Optional<SiteLock> taken;
        try {
            taken = site.tryLock(KEY, holder);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check that no other process of this site runs the bridge: "
                    + Bridge.rootMessage(e), e);
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
    }

    /** Whether the lock was taken and then lost (its connection to the database ended). */
    synchronized boolean lost() {
        return lock != null && !lock.held();
    }

    synchronized void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
