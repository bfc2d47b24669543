package chat.parley.db;

/**
 * A lock that one process at a time holds among all the processes sharing a database, for as long as it keeps it:
 * what a site must run once however many web nodes it has (the bridge). Taken with {@link SqlStore#tryLock}. With
 * SQLite only one process uses the database, so it is always granted ({@link #ALONE}); with PostgreSQL it is a
 * session advisory lock on a connection of its own, let go when the process or that connection goes away.
 */
public interface SiteLock extends AutoCloseable {

    /** The lock of a database no other process uses. */
    SiteLock ALONE = new SiteLock() {
        @Override
        public boolean held() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /** Whether it is still held: false once its connection to the database was lost (another may have taken it). */
    boolean held();

    /** Lets go of it; a second call does nothing. */
    @Override
    void close();
}
