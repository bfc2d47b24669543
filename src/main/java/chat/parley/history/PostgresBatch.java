package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.chat.RefusedException;
import chat.parley.history.MessageStore.Appended;
import chat.parley.history.PostgresWriter.Append;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * One group commit on PostgreSQL, inside the writer's transaction: locks the rooms, finds the ids already stored,
 * then takes each append in order (seq, idempotency and {@link MessageEvents} exactly as SQLite's writer does). New
 * rows are sent to the server as one JDBC batch, flushed before anything that reads the history (an event or a
 * reply may name a message of the same batch): a few round trips per batch instead of a few per message.
 */
final class PostgresBatch {

    /** The writer's prepared statements, on its connection. */
    static final class Statements {
        private final Connection connection;
        private final PreparedStatement ensureRooms;
        private final PreparedStatement lockRooms;
        private final PreparedStatement findIds;
        private final PreparedStatement insert;
        private final PreparedStatement setLastSeq;
        private final MessageEvents events;

        Statements(Connection connection, EnvelopeJson codec) throws SQLException {
            this.connection = connection;
            this.ensureRooms = connection.prepareStatement(PostgresSql.ENSURE_ROOMS);
            this.lockRooms = connection.prepareStatement(PostgresSql.LOCK_ROOMS);
            this.findIds = connection.prepareStatement(PostgresSql.FIND_IDS);
            this.insert = connection.prepareStatement(PostgresSql.INSERT_MESSAGE);
            this.setLastSeq = connection.prepareStatement(PostgresSql.SET_LAST_SEQ);
            this.events = new MessageEvents(connection, codec, PostgresSql.EVENTS);
        }

        /** Makes sure every room has its seq row (on its own, outside a transaction). */
        void ensureRooms(SortedSet<String> rooms) throws SQLException {
            ensureRooms.setArray(1, connection.createArrayOf("text", rooms.toArray()));
            ensureRooms.executeUpdate();
        }
    }

    private final Statements st;
    private final EnvelopeJson codec;
    private final SortedSet<String> rooms;
    private final List<Append> appends;
    private final Map<String, Long> lastSeq = new HashMap<>();
    /** Stored JSON by room and id: what was there before the batch, and what the batch adds. */
    private final Map<String, String> stored = new HashMap<>();
    /** Per room the batch adds rows to: how many. */
    private final Map<String, Integer> added = new LinkedHashMap<>();
    private int pending;

    PostgresBatch(Statements statements, EnvelopeJson codec, SortedSet<String> rooms, List<Append> appends) {
        this.st = statements;
        this.codec = codec;
        this.rooms = rooms;
        this.appends = appends;
    }

    /** @return per append, an {@link Appended} or the {@link RefusedException} of an event the history refused */
    List<Object> write() throws SQLException {
        lockRooms();
        findStoredIds();
        var results = new ArrayList<Object>(appends.size());
        for (Append append : appends) {
            try {
                results.add(append(append));
            } catch (RefusedException refused) {
                results.add(refused);
            }
        }
        flush();
        for (var room : added.entrySet()) {
            st.setLastSeq.setLong(1, lastSeq.get(room.getKey()));
            st.setLastSeq.setInt(2, room.getValue());
            st.setLastSeq.setString(3, room.getKey());
            st.setLastSeq.addBatch();
        }
        st.setLastSeq.executeBatch();
        return results;
    }

    private void lockRooms() throws SQLException {
        st.lockRooms.setArray(1, st.connection.createArrayOf("text", rooms.toArray()));
        try (ResultSet rs = st.lockRooms.executeQuery()) {
            while (rs.next()) {
                lastSeq.put(rs.getString(1), rs.getLong(2));
            }
        }
        if (lastSeq.size() != rooms.size()) {
            throw new IllegalStateException("a room of the batch has no seq row");
        }
    }

    private void findStoredIds() throws SQLException {
        var roomsOf = new String[appends.size()];
        var ids = new String[appends.size()];
        for (int i = 0; i < appends.size(); i++) {
            roomsOf[i] = appends.get(i).envelope().room();
            ids[i] = appends.get(i).envelope().id();
        }
        st.findIds.setArray(1, st.connection.createArrayOf("text", roomsOf));
        st.findIds.setArray(2, st.connection.createArrayOf("text", ids));
        try (ResultSet rs = st.findIds.executeQuery()) {
            while (rs.next()) {
                stored.put(key(rs.getString(1), rs.getString(2)), rs.getString(3));
            }
        }
    }

    private Appended append(Append append) throws SQLException, RefusedException {
        Envelope envelope = append.envelope();
        String room = envelope.room();
        String json = stored.get(key(room, envelope.id()));
        if (json != null) {
            return new Appended(codec.decode(json), json, true);
        }
        long seq = lastSeq.get(room) + 1;
        if (MessageEvents.readsHistory(envelope)) {
            flush();
        }
        if (!st.events.apply(envelope, seq, append.admin())) {
            // A reaction already there (or one to remove that is not): nothing changes, nothing is stored or sent.
            return new Appended(envelope, codec.encode(envelope), true);
        }
        Envelope row = envelope.withSeq(seq);
        json = codec.encode(row);
        PreparedStatement insert = st.insert;
        insert.setString(1, room);
        insert.setLong(2, seq);
        insert.setString(3, row.id());
        insert.setString(4, row.from());
        insert.setLong(5, row.ts());
        insert.setString(6, row.type());
        insert.setString(7, searchText(row));
        insert.setString(8, json);
        insert.setString(9, row.target());
        insert.addBatch();
        pending++;
        lastSeq.put(room, seq);
        added.merge(room, 1, Integer::sum);
        stored.put(key(room, row.id()), json);
        return new Appended(row, json, false);
    }

    /** The text to index: PostgreSQL text cannot hold U+0000 (the envelope, JSON, has it escaped). */
    static String searchText(Envelope envelope) {
        String text = SearchText.of(envelope);
        return text == null ? null : text.replace('\u0000', ' ');
    }

    private void flush() throws SQLException {
        if (pending > 0) {
            st.insert.executeBatch();
            pending = 0;
        }
    }

    private static String key(String room, String id) {
        return room + '\n' + id;
    }
}
