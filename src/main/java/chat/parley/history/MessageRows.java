package chat.parley.history;

import chat.parley.chat.Envelope;
import chat.parley.chat.MessageState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads history rows ({@code Sql.ROW}): a message with its current state, an event as it was sent. */
final class MessageRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EnvelopeJson codec;

    MessageRows(EnvelopeJson codec) {
        this.codec = codec;
    }

    /** The envelope of the current row; a message gets its {@link MessageState}, an event none. */
    Envelope read(ResultSet rs) throws SQLException {
        Envelope envelope = codec.decode(rs.getString("envelope"));
        if (!envelope.isMessage()) {
            return envelope;
        }
        long edited = rs.getLong("edited");
        Long editedAt = rs.wasNull() ? null : edited;
        long rev = rs.getLong("rev");
        if (rs.wasNull()) {
            rev = rs.getLong("seq");
        }
        return envelope.withState(new MessageState(editedAt, reactions(rs.getString("reactions")),
                rs.getInt("replies"), rev));
    }

    /** {@code [[emoji,user],…]} in the order they came → {@code {emoji: [user,…]}}, emoji by first reaction. */
    private static Map<String, List<String>> reactions(String pairs) {
        var reactions = new LinkedHashMap<String, List<String>>();
        if (pairs == null) {
            return reactions;
        }
        try {
            for (JsonNode pair : JSON.readTree(pairs)) {
                reactions.computeIfAbsent(pair.path(0).asText(), emoji -> new ArrayList<>()).add(pair.path(1).asText());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("reactions are not valid JSON", e);
        }
        return reactions;
    }
}
