package chat.parley.hooks;

import chat.parley.accounts.Tokens;
import chat.parley.db.SqlStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing webhooks in the shared database (table {@code outgoing_hooks}), with the outcome of each one's last
 * delivery. The hooks themselves are also kept in memory, since every stored message is matched against them on the
 * store's commit thread; with several nodes on one PostgreSQL, a hook made or removed on one is announced and every
 * node reads the list anew ({@link SqlStore#onChanged}). The secret is kept as it is (signing needs it), in the
 * owner-only database; it is shown once.
 */
public final class OutgoingHooks {

    private static final String COLUMNS = "id, url, secret, room, bot, created, last_at, last_status, last_error, "
            + "delivered, failed";
    private static final String INSERT = "INSERT INTO outgoing_hooks (url, secret, room, bot, created) "
            + "VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM outgoing_hooks ORDER BY id";
    private static final String SELECT_BY_SECRET = "SELECT " + COLUMNS + " FROM outgoing_hooks WHERE secret = ?";
    private static final String DELETE = "DELETE FROM outgoing_hooks WHERE id = ?";
    private static final String DELIVERED = "UPDATE outgoing_hooks SET last_at = ?, last_status = ?, "
            + "last_error = NULL, delivered = delivered + 1 WHERE id = ?";
    private static final String TRIED = "UPDATE outgoing_hooks SET last_at = ?, last_status = ?, last_error = ?, "
            + "failed = failed + ? WHERE id = ?";

    static final String TABLE = "outgoing_hooks";

    private final SqlStore db;
    private volatile List<OutgoingHook> hooks;

    private OutgoingHooks(SqlStore db) {
        this.db = db;
    }

    /** Opens the outgoing webhooks of a (migrated) database, and from then on hears other nodes' changes. */
    public static OutgoingHooks open(SqlStore database) throws SQLException {
        var outgoing = new OutgoingHooks(database);
        database.onChanged(TABLE, hook -> outgoing.reload());
        outgoing.hooks = database.query(SELECT_ALL, OutgoingHooks::read);
        return outgoing;
    }

    /** Makes a hook with a new secret (in the answer, shown once). */
    public OutgoingHook create(String url, String room, String bot) {
        String secret = Tokens.newToken("pwhs_");
        try {
            db.write(c -> {
                SqlStore.update(c, INSERT, url, secret, room, bot, System.currentTimeMillis());
                db.changed(c, TABLE, "");
                return null;
            });
            OutgoingHook hook = db.query(SELECT_BY_SECRET, OutgoingHooks::read, secret).get(0);
            reload();
            return hook;
        } catch (SQLException e) {
            throw new IllegalStateException("could not make the webhook: " + e.getMessage(), e);
        }
    }

    /** The hooks as they are now, with their last deliveries (from the database). */
    public List<OutgoingHook> list() {
        try {
            return db.query(SELECT_ALL, OutgoingHooks::read);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read webhooks: " + e.getMessage(), e);
        }
    }

    /** The hooks to match messages against (from memory). */
    List<OutgoingHook> current() {
        return hooks;
    }

    /** The hook with this id, if it still exists (from memory). */
    Optional<OutgoingHook> find(long id) {
        return hooks.stream().filter(hook -> hook.id() == id).findFirst();
    }

    /** Removes a hook; false when there is none. Its queued deliveries are the outbox's to drop. */
    public boolean remove(long id) {
        boolean removed;
        try {
            removed = db.write(c -> {
                db.changed(c, TABLE, String.valueOf(id));
                return SqlStore.update(c, DELETE, id) == 1;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not change webhooks: " + e.getMessage(), e);
        }
        reload();
        return removed;
    }

    /** Records a delivery that got a 2xx. */
    void delivered(long id, int status) {
        change(DELIVERED, System.currentTimeMillis(), status, id);
    }

    /**
     * Records a try that failed.
     *
     * @param status the HTTP status, or {@code null} when there was no answer
     * @param dropped whether the delivery was dropped after it (counted as failed)
     */
    void failed(long id, Integer status, String error, boolean dropped) {
        change(TRIED, System.currentTimeMillis(), status, error, dropped ? 1 : 0, id);
    }

    private int change(String sql, Object... args) {
        try {
            return db.update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change webhooks: " + e.getMessage(), e);
        }
    }

    private synchronized void reload() {
        try {
            hooks = db.query(SELECT_ALL, OutgoingHooks::read);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read webhooks: " + e.getMessage(), e);
        }
    }

    private static OutgoingHook read(ResultSet rs) throws SQLException {
        long lastAt = rs.getLong(7);
        Long at = rs.wasNull() ? null : lastAt;
        int lastStatus = rs.getInt(8);
        Integer status = rs.wasNull() ? null : lastStatus;
        return new OutgoingHook(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), at, status, rs.getString(9), rs.getLong(10), rs.getLong(11));
    }
}
