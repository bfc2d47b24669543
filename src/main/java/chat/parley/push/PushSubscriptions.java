package chat.parley.push;

import chat.parley.db.SqlStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The push subscriptions in the database (table {@code push_subscriptions}), by endpoint: a browser that
 * subscribes again, or under another user, replaces its row. A user keeps at most {@value #MAX_PER_USER} (the newest).
 */
public final class PushSubscriptions {

    /** Browsers one user may have subscribed at once; an older one is forgotten. */
    static final int MAX_PER_USER = 20;

    private static final String UPSERT = "INSERT INTO push_subscriptions (endpoint, \"user\", p256dh, auth, created) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET \"user\" = excluded.\"user\", "
            + "p256dh = excluded.p256dh, auth = excluded.auth, created = excluded.created";
    private static final String TRIM = "DELETE FROM push_subscriptions WHERE \"user\" = ? AND endpoint NOT IN ("
            + "SELECT endpoint FROM push_subscriptions WHERE \"user\" = ? ORDER BY created DESC LIMIT " + MAX_PER_USER
            + ")";
    private static final String OF_USER = "SELECT \"user\", endpoint, p256dh, auth FROM push_subscriptions "
            + "WHERE \"user\" = ? ORDER BY created";
    private static final String DELETE_OWN = "DELETE FROM push_subscriptions WHERE endpoint = ? AND \"user\" = ?";
    private static final String DELETE = "DELETE FROM push_subscriptions WHERE endpoint = ?";
    private static final String COUNT = "SELECT count(*) FROM push_subscriptions";

    private final SqlStore db;

    private PushSubscriptions(SqlStore db) {
        this.db = db;
    }

    /** The subscriptions of a (migrated) database; they share its connections. */
    public static PushSubscriptions open(SqlStore database) {
        return new PushSubscriptions(database);
    }

    /** Keeps a subscription (replacing any with the same endpoint), then the user's newest {@value #MAX_PER_USER}. */
    void add(PushSubscription subscription) throws SQLException {
        db.write(c -> {
            SqlStore.update(c, UPSERT, subscription.endpoint(), subscription.user(), subscription.p256dh(),
                    subscription.auth(), System.currentTimeMillis());
            return SqlStore.update(c, TRIM, subscription.user(), subscription.user());
        });
    }

    /** Forgets one of the user's subscriptions; false when the user has none with this endpoint. */
    boolean remove(String user, String endpoint) throws SQLException {
        return db.update(DELETE_OWN, endpoint, user) == 1;
    }

    /** Forgets an endpoint, whoever it belongs to (its push service said it is gone). */
    void expired(String endpoint) throws SQLException {
        db.update(DELETE, endpoint);
    }

    /** The user's subscriptions, oldest first. */
    List<PushSubscription> of(String user) throws SQLException {
        return db.query(OF_USER, PushSubscriptions::read, user);
    }

    /** How many subscriptions are kept, for the metrics. */
    long count() {
        try {
            return db.query(COUNT, rs -> rs.getLong(1)).get(0);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static PushSubscription read(ResultSet rs) throws SQLException {
        return new PushSubscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }
}
