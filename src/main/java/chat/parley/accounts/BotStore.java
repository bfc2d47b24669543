package chat.parley.accounts;

import chat.parley.db.SqlStore;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Bot accounts in the database (table {@code bots}). A token is {@value #TOKEN_PREFIX} and 256 random bits
 * ({@link Tokens}); it is shown once, and only its SHA-256 is kept. Every lookup reads the database (a pooled
 * reader), so {@code parley bot} beside a running server takes effect at once.
 */
public final class BotStore {

    /** How every bot token starts: recognisable in a leaked log or a secret scanner, and no session token does. */
    public static final String TOKEN_PREFIX = "pbot_";

    private static final String COLUMNS = "name, rooms, created, token_sha256 IS NOT NULL";
    private static final String SELECT_BY_NAME = "SELECT " + COLUMNS + " FROM bots WHERE name = ?";
    private static final String SELECT_BY_TOKEN = "SELECT " + COLUMNS + " FROM bots WHERE token_sha256 = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM bots";
    private static final String INSERT =
            "INSERT INTO bots (name, token_sha256, rooms, created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String SET_TOKEN = "UPDATE bots SET token_sha256 = ? WHERE name = ?";
    private static final String DELETE = "DELETE FROM bots WHERE name = ?";

    private final SqlStore db;

    public BotStore(SqlStore database) {
        this.db = database;
    }

    /**
     * Makes a bot with a new token.
     *
     * @return the token (shown once), or empty when there is already a bot of that name
     */
    public Optional<String> create(String name, List<String> rooms) {
        String token = newToken();
        return insert(name, rooms, Tokens.sha256(token)) ? Optional.of(token) : Optional.empty();
    }

    /** The bot of this name, made without a token (it speaks only through incoming webhooks) if there is none. */
    public Bot ensure(String name, List<String> rooms) {
        insert(name, rooms, null);
        return find(name).orElseThrow(() -> new IllegalStateException("bot '" + name + "' vanished"));
    }

    private boolean insert(String name, List<String> rooms, String tokenHash) {
        var bot = new Bot(name, Bot.requireRooms(rooms), System.currentTimeMillis(), tokenHash != null);
        return update("make the bot", INSERT, name, tokenHash, bot.roomsColumn(), bot.created()) == 1;
    }

    /** Gives a bot a new token (the old one stops working at once); empty when there is no such bot. */
    public Optional<String> rotate(String name) {
        String token = newToken();
        return update("rotate the token", SET_TOKEN, Tokens.sha256(token), name) == 1
                ? Optional.of(token) : Optional.empty();
    }

    /** Takes a bot's token away (its name, history and hooks stay); false when there is no such bot. */
    public boolean revoke(String name) {
        return update("revoke the token", SET_TOKEN, null, name) == 1;
    }

    /** Removes a bot; false when there is none. */
    public boolean remove(String name) {
        return update("remove the bot", DELETE, name) == 1;
    }

    /** The bot whose live token this is, if any. */
    public Optional<Bot> byToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return query(SELECT_BY_TOKEN, Tokens.sha256(token)).stream().findFirst();
    }

    /** The bot of this name, if there is one. */
    public Optional<Bot> find(String name) {
        return name == null ? Optional.empty() : query(SELECT_BY_NAME, name).stream().findFirst();
    }

    /** Every bot, by name. */
    public List<Bot> list() {
        // Sorted here: the engines' orders of text differ (PostgreSQL's follows its locale).
        return query(SELECT_ALL).stream().sorted(java.util.Comparator.comparing(Bot::name)).toList();
    }

    private List<Bot> query(String sql, Object... args) {
        try {
            return db.query(sql, rs -> new Bot(rs.getString(1), Bot.parseRooms(rs.getString(2)), rs.getLong(3),
                    rs.getBoolean(4)), args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read bots: " + e.getMessage(), e);
        }
    }

    private int update(String what, String sql, Object... args) {
        try {
            return db.update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static String newToken() {
        return Tokens.newToken(TOKEN_PREFIX);
    }
}
