package chat.parley.history;

/**
 * The statements {@link SqlMessageStore} runs, in one store's SQL: see {@link Sql} for SQLite's and
 * {@link PostgresSql} for PostgreSQL's. Each takes the same parameters, in the same order, in every store.
 */
record HistorySql(String before, String after, String one, String roomExists, String roomSummary, String allRooms,
                  String lastSeqs, String count, String retentionRooms, String deleteOlderThan,
                  String deleteBeyondCount, String deleteRoomChunk) {

    static final HistorySql SQLITE = new HistorySql(Sql.BEFORE, Sql.AFTER, Sql.ONE, Sql.ROOM_EXISTS,
            Sql.ROOM_SUMMARY, Sql.ALL_ROOMS, Sql.LAST_SEQS, Sql.COUNT, Sql.RETENTION_ROOMS, Sql.DELETE_OLDER_THAN,
            Sql.DELETE_BEYOND_COUNT, Sql.DELETE_ROOM_CHUNK);

    static final HistorySql POSTGRES = new HistorySql(PostgresSql.BEFORE, PostgresSql.AFTER, PostgresSql.ONE,
            PostgresSql.ROOM_EXISTS, PostgresSql.ROOM_SUMMARY, PostgresSql.ALL_ROOMS, PostgresSql.LAST_SEQS,
            PostgresSql.COUNT, PostgresSql.RETENTION_ROOMS, PostgresSql.DELETE_OLDER_THAN,
            PostgresSql.DELETE_BEYOND_COUNT, PostgresSql.DELETE_ROOM_CHUNK);
}
