package chat.parley.db;

import chat.parley.config.Durability;
import chat.parley.config.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL schema is kept in step with SQLite's: as many migrations, the same tables. */
class PostgresSchemaTest {

    /** SQLite's own full-text machinery, which PostgreSQL does with a column and an index of {@code messages}. */
    private static final Set<String> SQLITE_ONLY = Set.of("search_state");

    @TempDir
    Path dir;

    @Test
    void both_schemas_have_the_same_migrations_and_tables() throws SQLException {
        assertThat(PostgresSchema.MIGRATIONS.length).as("add each migration of Schema.java to PostgresSchema.java too")
                .isEqualTo(Schema.MIGRATIONS.length);

        Database.open(dir.resolve("parley.db"), Durability.PROCESS);
        var sqlite = new TreeSet<String>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             var rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'message_fts%'")) {
            while (rs.next()) {
                sqlite.add(rs.getString(1));
            }
        }
        sqlite.removeAll(SQLITE_ONLY);

        StoreSettings settings = PostgresServer.shared().newStore("schema");
        PostgresDatabase.open(settings).close();
        try (PostgresDatabase again = PostgresDatabase.open(settings); Connection c = again.connect()) {
            var postgres = new TreeSet<String>();
            try (var rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_name <> 'parley_schema'")) {
                while (rs.next()) {
                    postgres.add(rs.getString(1));
                }
            }
            assertThat(postgres).isEqualTo(sqlite);
            assertThat(PostgresDatabase.migrate(c)).as("a migrated database migrates to the same version")
                    .isEqualTo(Schema.MIGRATIONS.length);
        }
    }
}
