package chat.parley.history;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.chat.RefusedException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The rules that need the room's history, applied on the writer's connection inside its transaction, just before a
 * new row is inserted: so two events on one message are decided in seq order, and a refused one changes nothing.
 * <ul>
 * <li>an event's target is a message (not an event) of the same room, by id; else {@link Refusal#INVALID_TARGET};</li>
 * <li>only the author edits, and the author or an admin deletes ({@link Refusal#NOT_AUTHOR}); the author is
 *     {@code from}, or {@code from@origin} for a bridged message, so a name of another site is another person;</li>
 * <li>a deleted message takes no edit, delete or new reaction; an edit is sealed exactly when its target is;</li>
 * <li>a reaction is one per (user, emoji, message): adding one that is there, or removing one that is not, changes
 *     nothing and is not stored (the publish is acknowledged);</li>
 * <li>a reply's {@code replyTo} is a message of the room (bridged replies are kept even when it is not: the other
 *     site may have history this one never got, and a reply is content), and counts in its {@code replies}.</li>
 * </ul>
 * Every change sets the changed row's {@code rev} to the event's seq, so clients can tell what a page already holds.
 */
final class MessageEvents {

    private final EnvelopeJson codec;
    // Prepared once per writer connection: events are rare next to messages, but come in bursts (reactions).
    private final PreparedStatement findTarget;
    private final PreparedStatement updateTarget;
    private final PreparedStatement setRev;
    private final PreparedStatement countReply;
    private final PreparedStatement addReaction;
    private final PreparedStatement removeReaction;
    private final PreparedStatement clearReactions;
    private final PreparedStatement editsOf;
    private final PreparedStatement rewrite;

    MessageEvents(Connection connection, EnvelopeJson codec) throws SQLException {
        this(connection, codec, EventSql.SQLITE);
    }

    /** The rules on a connection to a store whose SQL is {@code sql}. */
    MessageEvents(Connection connection, EnvelopeJson codec, EventSql sql) throws SQLException {
        this.codec = codec;
        this.findTarget = connection.prepareStatement(sql.findTarget());
        this.updateTarget = connection.prepareStatement(sql.updateTarget());
        this.setRev = connection.prepareStatement(sql.setRev());
        this.countReply = connection.prepareStatement(sql.countReply());
        this.addReaction = connection.prepareStatement(sql.addReaction());
        this.removeReaction = connection.prepareStatement(sql.removeReaction());
        this.clearReactions = connection.prepareStatement(sql.clearReactions());
        this.editsOf = connection.prepareStatement(sql.editsOf());
        this.rewrite = connection.prepareStatement(sql.rewriteEnvelope());
    }

    /** A message row as the transaction sees it. */
    private record Target(long rowId, Envelope envelope) {
    }

    /**
     * Checks {@code envelope}, about to be stored at {@code seq}, against the room's history and applies what it
     * changes. Every check comes before the first write, so a refusal leaves the transaction as it was.
     *
     * @param admin whether an administrator sent it (a deletion then needs no authorship)
     * @return whether it is to be stored: {@code false} for a reaction that changes nothing
     * @throws RefusedException when a rule above refuses it
     */
    /**
     * Whether storing an envelope reads or changes other messages (a reaction, edit or delete, or a reply): the
     * others are plain messages, for which {@link #apply} does nothing.
     */
    static boolean readsHistory(Envelope envelope) {
        Body body = envelope.body();
        return body instanceof Body.Reaction || body instanceof Body.Edit || body instanceof Body.Delete
                || envelope.replyTo() != null;
    }

    boolean apply(Envelope envelope, long seq, boolean admin) throws SQLException, RefusedException {
        Body body = envelope.body();
        if (body instanceof Body.Reaction reaction) {
            return react(envelope, reaction, seq);
        }
        if (body instanceof Body.Edit edit) {
            edit(envelope, edit, seq);
        } else if (body instanceof Body.Delete delete) {
            delete(envelope, delete, seq, admin);
        } else if (envelope.replyTo() != null) {
            reply(envelope, seq);
        }
        return true;
    }

    private boolean react(Envelope envelope, Body.Reaction reaction, long seq)
            throws SQLException, RefusedException {
        Target target = requireMessage(envelope, reaction.target());
        if (target.envelope().deleted()) {
            if (!reaction.adds()) {
                return false; // its reactions went with it: nothing to remove
            }
            throw refused(Refusal.INVALID_TARGET, "message " + reaction.target() + " was deleted");
        }
        PreparedStatement change = reaction.adds() ? addReaction : removeReaction;
        change.setString(1, envelope.room());
        change.setString(2, reaction.target());
        change.setString(3, reaction.emoji());
        change.setString(4, envelope.author());
        if (reaction.adds()) {
            change.setLong(5, envelope.ts());
        }
        if (change.executeUpdate() == 0) {
            return false;
        }
        setRev.setLong(1, target.rowId());
        setRev.setLong(2, seq);
        setRev.executeUpdate();
        return true;
    }

    private void edit(Envelope envelope, Body.Edit edit, long seq) throws SQLException, RefusedException {
        Target target = requireLive(envelope, edit.target());
        Envelope original = target.envelope();
        if (!original.author().equals(envelope.author())) {
            throw refused(Refusal.NOT_AUTHOR, "only its author edits a message: " + edit.target() + " is "
                    + original.author() + "'s");
        }
        boolean sealed = original.body() instanceof Body.Sealed;
        if (sealed != (edit.e2e() != null)) {
            throw refused(Refusal.INVALID_TARGET, sealed
                    ? "message " + edit.target() + " is end-to-end encrypted: seal the edit (e2e) like a message"
                    : "message " + edit.target() + " is not encrypted: edit it with text");
        }
        Envelope edited = original.withBody(edit.applyTo(original.body()));
        update(target, edited, SearchText.of(edited), envelope.ts(), seq);
    }

    private void delete(Envelope envelope, Body.Delete delete, long seq, boolean admin)
            throws SQLException, RefusedException {
        Target target = requireLive(envelope, delete.target());
        Envelope original = target.envelope();
        if (!admin && !original.author().equals(envelope.author())) {
            throw refused(Refusal.NOT_AUTHOR, "only its author or an admin deletes a message: " + delete.target()
                    + " is " + original.author() + "'s");
        }
        // A tombstone: the kind, sender and time stay, the content goes from history, search and export, and so
        // does the text of every edit of it (catch-up must not bring it back).
        update(target, original.withBody(new Body.Removed(original.type(), null)), null, null, seq);
        clearReactions.setString(1, envelope.room());
        clearReactions.setString(2, delete.target());
        clearReactions.executeUpdate();
        editsOf.setString(1, envelope.room());
        editsOf.setString(2, delete.target());
        var edits = new java.util.LinkedHashMap<Long, Envelope>();
        try (var rs = editsOf.executeQuery()) {
            while (rs.next()) {
                edits.put(rs.getLong(1), codec.decode(rs.getString(2)));
            }
        }
        for (var edit : edits.entrySet()) {
            rewrite.setString(1, codec.encode(edit.getValue().withBody(new Body.Removed("edit", delete.target()))));
            rewrite.setLong(2, edit.getKey());
            rewrite.executeUpdate();
        }
        if (original.replyTo() != null) {
            count(envelope.room(), original.replyTo(), -1, seq);
        }
    }

    private void reply(Envelope envelope, long seq) throws SQLException, RefusedException {
        Target parent = find(envelope.room(), envelope.replyTo());
        if (parent == null || !parent.envelope().isMessage() || parent.envelope().deleted()) {
            if (envelope.bridged()) {
                return;
            }
            throw refused(Refusal.INVALID_TARGET, parent == null
                    ? "replyTo " + envelope.replyTo() + " is not a message of room '" + envelope.room() + "'"
                    : "replyTo " + envelope.replyTo() + " is " + (parent.envelope().deleted() ? "deleted"
                    : "not a message"));
        }
        count(envelope.room(), envelope.replyTo(), 1, seq);
    }

    private void count(String room, String parentId, int delta, long seq) throws SQLException {
        Target parent = find(room, parentId);
        if (parent != null) {
            countReply.setLong(1, parent.rowId());
            countReply.setInt(2, delta);
            countReply.setLong(3, seq);
            countReply.executeUpdate();
        }
    }

    private void update(Target target, Envelope current, String searchText, Long editedAt, long seq)
            throws SQLException {
        updateTarget.setLong(1, target.rowId());
        updateTarget.setString(2, codec.encode(current));
        updateTarget.setString(3, searchText);
        if (editedAt == null) {
            updateTarget.setNull(4, Types.INTEGER);
        } else {
            updateTarget.setLong(4, editedAt);
        }
        updateTarget.setLong(5, seq);
        updateTarget.executeUpdate();
    }

    /** The target, a message of the room that is not deleted. */
    private Target requireLive(Envelope envelope, String id) throws SQLException, RefusedException {
        Target target = requireMessage(envelope, id);
        if (target.envelope().deleted()) {
            throw refused(Refusal.INVALID_TARGET, "message " + id + " was deleted");
        }
        return target;
    }

    private Target requireMessage(Envelope envelope, String id) throws SQLException, RefusedException {
        Target target = find(envelope.room(), id);
        if (target == null) {
            throw refused(Refusal.INVALID_TARGET, "no message with id " + id + " in room '" + envelope.room() + "'");
        }
        if (!target.envelope().isMessage()) {
            throw refused(Refusal.INVALID_TARGET, id + " is a " + target.envelope().type() + ", not a message");
        }
        return target;
    }

    private Target find(String room, String id) throws SQLException {
        findTarget.setString(1, room);
        findTarget.setString(2, id);
        try (var rs = findTarget.executeQuery()) {
            return rs.next() ? new Target(rs.getLong(1), codec.decode(rs.getString(2))) : null;
        }
    }

    private static RefusedException refused(Refusal refusal, String message) {
        return new RefusedException(refusal, message);
    }
}
