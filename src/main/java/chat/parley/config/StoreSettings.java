package chat.parley.config;

import java.util.Objects;

/**
 * Where the message history lives.
 *
 * @param kind             {@code sqlite} ({@code {data-dir}/parley.db}) or {@code postgresql}
 * @param postgresUrl      with {@code postgresql}: the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param postgresUser     the PostgreSQL role Parley logs in as
 * @param postgresPassword its password, empty for none (trust or peer authentication)
 * @param postgresPoolSize most connections Parley holds open to PostgreSQL (the writer takes one of them)
 */
public record StoreSettings(Kind kind, String postgresUrl, String postgresUser, String postgresPassword,
                            int postgresPoolSize) {

    /** The engines that can hold the history. */
    public enum Kind {
        SQLITE, POSTGRESQL
    }

    public StoreSettings {
        Objects.requireNonNull(kind, "store must not be null.");
        Objects.requireNonNull(postgresUrl, "postgres-url must not be null (empty means none).");
        Objects.requireNonNull(postgresUser, "postgres-user must not be null.");
        Objects.requireNonNull(postgresPassword, "postgres-password must not be null (empty means none).");
        if (kind == Kind.POSTGRESQL && !postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("postgres-url: with store: postgresql, must be a JDBC URL like "
                    + "jdbc:postgresql://db.example.org:5432/parley, got '" + postgresUrl + "'");
        }
        if (postgresPoolSize < 2) {
            throw new ConfigException("postgres-pool-size: must be at least 2 (one writer and a reader), got "
                    + postgresPoolSize);
        }
    }

    /** History in {@code {data-dir}/parley.db}, the default. */
    public static StoreSettings sqlite() {
        return new StoreSettings(Kind.SQLITE, "", "parley", "", 8);
    }

    /** History on a PostgreSQL server. */
    public static StoreSettings postgresql(String url, String user, String password, int poolSize) {
        return new StoreSettings(Kind.POSTGRESQL, url, user, password, poolSize);
    }

    /** The URL without its parameters (which may hold a password), for logs and the start-up banner. */
    public String postgresLocation() {
        int parameters = postgresUrl.indexOf('?');
        return parameters < 0 ? postgresUrl : postgresUrl.substring(0, parameters) + "?…";
    }

    /** Never shows the password (configs are logged and printed in test failures). */
    @Override
    public String toString() {
        return "StoreSettings[kind=" + kind + ", postgresUrl=" + postgresLocation() + ", postgresUser=" + postgresUser
                + ", postgresPassword=" + (postgresPassword.isEmpty() ? "" : "***") + ", postgresPoolSize="
                + postgresPoolSize + "]";
    }
}
