package chat.parley.history;

/**
 * The statements {@link MessageEvents} runs, in one store's SQL. Each takes the same parameters, in the same order,
 * in every store: see {@link Sql} for SQLite's and {@link PostgresSql} for PostgreSQL's.
 */
record EventSql(String findTarget, String updateTarget, String setRev, String countReply, String addReaction,
                String removeReaction, String clearReactions, String editsOf, String rewriteEnvelope) {

    static final EventSql SQLITE = new EventSql(Sql.FIND_TARGET, Sql.UPDATE_TARGET, Sql.SET_REV, Sql.COUNT_REPLY,
            Sql.ADD_REACTION, Sql.REMOVE_REACTION, Sql.CLEAR_REACTIONS, Sql.EDITS_OF, Sql.REWRITE_ENVELOPE);
}
