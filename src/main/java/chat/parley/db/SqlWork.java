package chat.parley.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection of {@code parley.db}: a read on a pooled reader, or a write in the writer's transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
