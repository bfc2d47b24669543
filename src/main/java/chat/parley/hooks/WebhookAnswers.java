package chat.parley.hooks;

import chat.parley.accounts.Accounts;
import chat.parley.accounts.Bot;
import chat.parley.broker.ChatIntake;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a mention hook's receiver answered, posted as the hook's bot into the room of the message that mentioned it,
 * as a reply to that message: a JSON object is an envelope as MQTT clients publish it (Slack's and Mattermost's
 * {@code {"text":"…"}} is one), any other non-blank body is the text. It goes through the same intake as every post,
 * within the bot's room limits and rate limit. An empty answer posts nothing.
 */
final class WebhookAnswers {

    /** What {@code client} says on answers. */
    static final String CLIENT = "webhook";

    private final Poster poster;
    private final Accounts accounts;
    private final ObjectMapper json;

    WebhookAnswers(Poster poster, Accounts accounts, ObjectMapper json) {
        this.poster = poster;
        this.accounts = accounts;
        this.json = json;
    }

    /**
     * Posts the answer, if there is one.
     *
     * @param delivery    the body that was delivered (it names the room and the message)
     * @param contentType the answer's {@code Content-Type}
     * @return why it was not posted, or {@code null} when it was (or there was nothing to post)
     */
    String post(OutgoingHook hook, String delivery, byte[] answer, String contentType) {
        if (new String(answer, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        Optional<Bot> bot = accounts.bots().find(hook.bot());
        if (bot.isEmpty()) {
            return "there is no bot named '" + hook.bot() + "'";
        }
        try {
            JsonNode sent = json.readTree(delivery);
            String room = sent.path("room").asText();
            String refusal = Optional.ofNullable(bot.get().limitRefusal(room))
                    .or(() -> accounts.rooms().refusal(room, Optional.of(bot.get().name()))).orElse(null);
            if (refusal != null) {
                return refusal;
            }
            Poster.Content content = content(answer, contentType, sent.path("message").path("id").asText(null));
            var stamp = new Stamp(bot.get().name(), CLIENT, System.currentTimeMillis(), true);
            poster.post("bot:" + bot.get().name(), room, content, stamp).get(10, TimeUnit.SECONDS);
            return null;
        } catch (RefusedException e) {
            return e.getMessage();
        } catch (Poster.RateLimited e) {
            return e.getMessage();
        } catch (ExecutionException e) {
            RefusedException refused = ChatIntake.refusal(e.getCause());
            return refused != null ? refused.getMessage() : "the store failed: " + e.getCause().getMessage();
        } catch (IOException | TimeoutException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The answer as an envelope replying to {@code messageId}, unless a JSON answer says otherwise. */
    private Poster.Content content(byte[] answer, String contentType, String messageId) throws IOException {
        String media = contentType.split(";", 2)[0].trim();
        ObjectNode envelope;
        if (media.equalsIgnoreCase("application/json")) {
            if (!(json.readTree(answer) instanceof ObjectNode object)) {
                throw new IOException("a JSON answer must be an object like {\"text\":\"…\"}");
            }
            envelope = object;
        } else {
            envelope = json.createObjectNode().put("type", "text").put("text", utf8(answer));
        }
        if (messageId != null && !envelope.has("replyTo") && !envelope.has("target")) {
            envelope.put("replyTo", messageId);
        }
        return new Poster.Content.Payload(json.writeValueAsBytes(envelope));
    }

    private static String utf8(byte[] bytes) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("the answer is not UTF-8 text");
        }
    }
}
