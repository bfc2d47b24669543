package chat.parley.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** A JSON object request body, read field by field; a bad body or field is a 400 that names what was expected. */
final class JsonBody {

    private final JsonNode node;
    private final String example;

    private JsonBody(JsonNode node, String example) {
        this.node = node;
        this.example = example;
    }

    /** Parses the body; {@code example} shows the expected shape in the error message. */
    static JsonBody of(Context ctx, ObjectMapper json, String example) {
        try {
            JsonNode node = json.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body must be JSON like " + example);
            }
            return new JsonBody(node, example);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body must be JSON like " + example);
        }
    }

    /** The whole object, for fields of other shapes. */
    JsonNode node() {
        return node;
    }

    /** An optional text field, or {@code fallback} when absent or null. */
    String optionalText(String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        return text(field);
    }

    /** A required text field. */
    String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string, as in " + example);
        }
        return value.asText();
    }

    /** A field that must be there, as a string or {@code null} (returned as null). */
    String textOrNull(String field) {
        JsonNode value = node.get(field);
        if (value == null || !(value.isTextual() || value.isNull())) {
            throw ApiException.badRequest(field + " must be a string or null, as in " + example);
        }
        return value.isNull() ? null : value.asText();
    }

    /** A required boolean field. */
    boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false, as in " + example);
        }
        return value.booleanValue();
    }
}
