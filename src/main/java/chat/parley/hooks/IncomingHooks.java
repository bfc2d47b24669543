package chat.parley.hooks;

import chat.parley.accounts.Tokens;
import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Incoming webhooks in the shared database (table {@code incoming_hooks}): each is a URL {@code /hooks/{token}} bound
 * to one room and one bot, whose messages it posts. The token (256 random bits) is the capability: it is shown once in
 * the URL, only its SHA-256 is kept, and removing the hook revokes it. Every lookup reads the database, so a hook
 * made on one node works on every node sharing it.
 */
public final class IncomingHooks {

    private static final String COLUMNS = "id, room, bot, created";
    private static final String INSERT =
            "INSERT INTO incoming_hooks (token_sha256, room, bot, created) VALUES (?, ?, ?, ?)";
    private static final String SELECT_BY_TOKEN = "SELECT " + COLUMNS + " FROM incoming_hooks WHERE token_sha256 = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM incoming_hooks ORDER BY id";
    private static final String DELETE = "DELETE FROM incoming_hooks WHERE id = ?";
    private static final String DELETE_OF_BOT = "DELETE FROM incoming_hooks WHERE bot = ?";

    /**
     * One incoming webhook.
     *
     * @param id      its number, for the admin
     * @param room    where it posts
     * @param bot     as whom it posts
     * @param created when it was made, ms since the epoch
     */
    public record Hook(long id, String room, String bot, long created) {
    }

    /** A new hook and its token, which is shown once (in the URL) and never again. */
    public record Created(Hook hook, String token) {
    }

    private final SqlStore db;

    public IncomingHooks(SqlStore database) {
        this.db = database;
    }

    /** Makes a hook that posts to {@code room} as {@code bot}. */
    public Created create(String room, String bot) {
        String token = Tokens.newToken("");
        String hash = Tokens.sha256(token);
        try {
            db.update(INSERT, hash, room, bot, System.currentTimeMillis());
            return new Created(find(SELECT_BY_TOKEN, hash).orElseThrow(), token);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make the webhook: " + e.getMessage(), e);
        }
    }

    /** The live hook of this token, if it is one. */
    public Optional<Hook> byToken(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : find(SELECT_BY_TOKEN, Tokens.sha256(token));
    }

    /** Every hook, oldest first. */
    public List<Hook> list() {
        return query(SELECT_ALL);
    }

    /** Removes a hook (its URL stops working at once); false when there is none. */
    public boolean remove(long id) {
        return update(DELETE, id) == 1;
    }

    /** Removes every hook that posts as {@code bot} (the bot is going). */
    public void removeOfBot(String bot) {
        update(DELETE_OF_BOT, bot);
    }

    private Optional<Hook> find(String sql, Object arg) {
        return query(sql, arg).stream().findFirst();
    }

    private List<Hook> query(String sql, Object... args) {
        try {
            return db.query(sql, rs -> new Hook(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                    args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read webhooks: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try {
            return db.update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not change webhooks: " + e.getMessage(), e);
        }
    }
}
