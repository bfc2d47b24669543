package chat.parley.http;

/**
 * The one shape of every {@code /api} error, e.g.
 * {@code {"status":400,"error":"bad_request","message":"room id must match [a-z0-9][a-z0-9_-]{0,63}"}}.
 */
public record ApiError(int status, String error, String message) {
}
