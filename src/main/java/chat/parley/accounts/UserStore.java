package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Accounts ({@code auth: accounts}): user names with an Argon2id hash of their password, in the database. Every
 * call reads the database (no cache), so {@code parley user …} run beside a running server takes effect at once.
 */
public final class UserStore {

    private static final String SELECT_HASH = "SELECT password_hash FROM users WHERE \"user\" = ?";
    private static final String SELECT_ALL = "SELECT \"user\", created FROM users";
    private static final String INSERT = "INSERT INTO users (\"user\", password_hash, created) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String UPDATE = "UPDATE users SET password_hash = ? WHERE \"user\" = ?";
    private static final String DELETE = "DELETE FROM users WHERE \"user\" = ?";

    /**
     * A hash nobody's password matches, checked for unknown names so they take as long as known ones. Made on first
     * use (a holder class): hashing takes most of a second, which every start would pay even with no accounts.
     */
    private static final class DummyHash {
        static final String VALUE = PasswordHasher.hash("not a password of anyone " + System.nanoTime());
    }

    private final SqlStore database;

    public UserStore(SqlStore database) {
        this.database = database;
    }

    /**
     * One account as listed.
     *
     * @param user    the user name
     * @param created when it was created, ms since the epoch
     */
    public record User(String user, long created) {
    }

    /** Creates an account; false when the name is taken. The password must pass {@link PasswordHasher#problem}. */
    public boolean add(String user, String password) {
        requirePassword(password);
        String hash = PasswordHasher.hash(password);
        return update(INSERT, user, hash, System.currentTimeMillis()) == 1;
    }

    /** Sets a new password; false when there is no such account. */
    public boolean setPassword(String user, String password) {
        requirePassword(password);
        return update(UPDATE, PasswordHasher.hash(password), user) == 1;
    }

    /** Deletes an account; false when there was none. */
    public boolean remove(String user) {
        return update(DELETE, user) == 1;
    }

    public boolean exists(String user) {
        return hashOf(user).isPresent();
    }

    /** Whether {@code password} is the password of {@code user}; as slow for unknown names as for known ones. */
    public boolean verify(String user, String password) {
        Optional<String> hash = hashOf(user);
        boolean matches = PasswordHasher.verify(password == null ? "" : password, hash.orElseGet(() -> DummyHash.VALUE));
        return hash.isPresent() && matches;
    }

    /** Every account, by name. */
    public List<User> list() {
        try {
            // Sorted here: the engines' orders of text differ (PostgreSQL's follows its locale).
            return database.query(SELECT_ALL, rs -> new User(rs.getString(1), rs.getLong(2))).stream()
                    .sorted(java.util.Comparator.comparing(User::user)).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read accounts: " + e.getMessage(), e);
        }
    }

    private Optional<String> hashOf(String user) {
        try {
            return database.query(SELECT_HASH, rs -> rs.getString(1), user).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read accounts: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try {
            return database.update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change accounts: " + e.getMessage(), e);
        }
    }

    private static void requirePassword(String password) {
        String problem = PasswordHasher.problem(password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
