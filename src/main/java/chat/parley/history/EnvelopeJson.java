package chat.parley.history;

import chat.parley.chat.Envelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Envelopes as the JSON text they are stored as (and delivered as). */
final class EnvelopeJson {

    private final ObjectMapper json;

    EnvelopeJson(ObjectMapper json) {
        this.json = json;
    }

    String encode(Envelope envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode envelope", e);
        }
    }

    Envelope decode(String text) {
        try {
            return json.readValue(text, Envelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored envelope is not valid JSON", e);
        }
    }
}
