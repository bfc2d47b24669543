package chat.parley.http;

import chat.parley.broker.ChatIntake;
import chat.parley.chat.RefusedException;
import chat.parley.history.MessageStore;
import chat.parley.hooks.Poster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a post over HTTP is answered: the MQTT rule it broke as an HTTP status in the one error shape, with the
 * refusal's label as {@code error} (the same label {@code parley_refusals_total} counts), or the stored message.
 */
final class PostAnswers {

    /** How long a post waits for the store, like a publish's PUBACK. */
    static final long STORE_TIMEOUT_SECONDS = 10;

    private PostAnswers() {
    }

    /** Waits for the store; the stored message, or the refusal (or store failure) as an {@link ApiException}. */
    static MessageStore.Appended stored(CompletableFuture<MessageStore.Appended> future) {
        try {
            return future.get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            RefusedException refused = ChatIntake.refusal(e.getCause());
            if (refused != null) {
                throw refusal(refused);
            }
            throw new ApiException(503, "store_failed", "the message could not be stored: try again");
        } catch (TimeoutException e) {
            throw new ApiException(503, "store_failed", "the message could not be stored in time: try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "store_failed", "interrupted while storing the message");
        }
    }

    /** A chat rule broken, as HTTP: 413 for limits, 403 for who may not, 400 for what is malformed. */
    static ApiException refusal(RefusedException e) {
        int status = switch (e.refusal()) {
            case TEXT_TOO_LONG, PAYLOAD_TOO_LARGE -> 413;
            case NOT_AUTHORIZED, NOT_AUTHOR -> 403;
            case RATE_LIMITED -> 429;
            default -> 400;
        };
        return new ApiException(status, e.refusal().label(), e.getMessage());
    }

    /** Over the rate limit: 429 with {@code Retry-After} in whole seconds. */
    static ApiException rateLimited(io.javalin.http.Context ctx, Poster.RateLimited e) {
        ctx.header("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMillis() + 999) / 1000)));
        return new ApiException(429, "rate_limited", e.getMessage());
    }
}
