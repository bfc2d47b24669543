package chat.parley.hooks;

import chat.parley.broker.ChatIntake;
import chat.parley.chat.Envelope;
import chat.parley.chat.Refusal;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import chat.parley.history.MessageStore;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Posts messages that come over HTTP (a bot's token, an incoming webhook, a signed-in user, a webhook's reply) through
 * the one intake every MQTT publish takes: the poster's rate limit, then the same validation, store and delivery.
 */
public final class Poster {

    private final ChatIntake intake;
    private final PostRates rates;

    public Poster(ChatIntake intake, PostRates rates) {
        this.intake = intake;
        this.rates = rates;
    }

    /** What is posted: a payload as MQTT clients send it (an envelope or text), or text whatever it looks like. */
    public sealed interface Content {
        /** The bytes of an MQTT payload: an envelope when it starts with '{', else plain text. */
        record Payload(byte[] bytes) implements Content {
        }

        /** The UTF-8 bytes of plain text, even when it starts with '{'. */
        record Text(byte[] bytes) implements Content {
            /** Text given as a string. */
            public static Text of(String text) {
                return new Text(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Validates, stores and delivers one message.
     *
     * @param poster  whose rate limit it counts against, e.g. {@code bot:ci}
     * @param roomKey the room (or {@code dm:a:b}); who may post there was checked by the caller
     * @return the stored message (or the stored copy of a known id, marked duplicate); fails with a
     *         {@link RefusedException} when the room's history refuses it (an event's target)
     * @throws RateLimited     when the poster is over its rate limit (counted as {@code rate_limited})
     * @throws RefusedException when the message breaks a chat rule (counted by reason)
     */
    public CompletableFuture<MessageStore.Appended> post(String poster, String roomKey, Content content, Stamp stamp)
            throws RefusedException, RateLimited {
        OptionalLong wait = rates.take(poster);
        if (wait.isPresent()) {
            var limited = new RateLimited(wait.getAsLong(), "more than " + rates.rate().perSecond()
                    + " messages a second (burst " + rates.rate().burst() + ") from " + poster + ": slow down");
            intake.refused(new RefusedException(Refusal.RATE_LIMITED, limited.getMessage()), stamp.client(), roomKey);
            throw limited;
        }
        Envelope envelope;
        if (content instanceof Content.Payload payload) {
            envelope = intake.validatePosted(roomKey, ByteBuffer.wrap(payload.bytes()), stamp);
        } else {
            envelope = intake.validatePostedText(roomKey, ByteBuffer.wrap(((Content.Text) content).bytes()), stamp);
        }
        return intake.storeAndDeliver(envelope);
    }

    /**
     * Refuses a body before it is read when its declared size is over {@code limit} bytes (counted as
     * {@code payload_too_large}), so a large upload costs neither memory nor time.
     */
    public void requireSize(long contentLength, long limit, String client, String roomKey) throws RefusedException {
        if (contentLength > limit) {
            var refused = new RefusedException(Refusal.PAYLOAD_TOO_LARGE,
                    "payload of " + contentLength + " bytes is over the limit of " + limit);
            intake.refused(refused, client, roomKey);
            throw refused;
        }
    }

    /** A post over its poster's rate limit ({@link Refusal#RATE_LIMITED}). */
    public static final class RateLimited extends Exception {
        private final long retryAfterMillis;

        RateLimited(long retryAfterMillis, String message) {
            super(message, null, false, false);
            this.retryAfterMillis = retryAfterMillis;
        }

        /** How long until the poster may post again, in milliseconds. */
        public long retryAfterMillis() {
            return retryAfterMillis;
        }
    }
}
