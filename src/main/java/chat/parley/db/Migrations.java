package chat.parley.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Brings a database up to the newest schema by running the migrations it has not run yet, each in a transaction. */
final class Migrations {

    private Migrations() {
    }

    /** @return the schema version after migrating */
    static int migrate(Connection connection) throws SQLException {
        int version;
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > Schema.MIGRATIONS.length) {
            throw new SQLException("the database has schema version " + version + ", newer than this Parley ("
                    + Schema.MIGRATIONS.length + "); use a newer Parley");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (int i = version; i < Schema.MIGRATIONS.length; i++) {
                try (Statement st = connection.createStatement()) {
                    for (String sql : Schema.MIGRATIONS[i]) {
                        st.execute(sql);
                    }
                    st.execute("PRAGMA user_version = " + (i + 1));
                }
                connection.commit();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return Schema.MIGRATIONS.length;
    }
}
