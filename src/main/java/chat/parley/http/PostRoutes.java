package chat.parley.http;

import chat.parley.accounts.Bot;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Stamp;
import chat.parley.history.MessageStore;
import chat.parley.hooks.Poster;
import io.javalin.http.Context;

/**
 * {@code POST /api/rooms/{room}/messages}: a bot (its token as the bearer token) or a signed-in user posts a message
 * over HTTP. A JSON body is an envelope as MQTT clients publish it ({@code {"text":…,"replyTo":…,"id":…}}); any
 * other body is the text itself, so {@code curl -H "Authorization: Bearer $T" -d 'deploy done' …/messages} works.
 * It goes through the same intake as a publish and is answered once stored: 201 with the stored envelope and its
 * {@code seq} (200 with the stored copy when its {@code id} was already posted).
 */
final class PostRoutes {

    /** What {@code client} says on messages posted over HTTP. */
    static final String CLIENT = "http";

    private final Poster poster;
    private final int maxPayloadBytes;

    PostRoutes(Poster poster, int maxPayloadBytes) {
        this.poster = poster;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    void post(Context ctx) {
        Caller caller = Caller.of(ctx);
        String room = Params.room(ctx);
        try {
            poster.requireSize(ctx.contentLength(), maxPayloadBytes, CLIENT, room);
        } catch (RefusedException e) {
            throw PostAnswers.refusal(e);
        }
        byte[] body = ctx.bodyAsBytes();
        Poster.Content content = CsrfGuard.isJson(ctx.header("Content-Type")) ? new Poster.Content.Payload(body)
                : new Poster.Content.Text(body);
        long now = System.currentTimeMillis();
        Bot bot = caller.bot().orElse(null);
        Stamp stamp = bot != null ? new Stamp(bot.name(), CLIENT, now, true) : new Stamp(caller.name(), CLIENT, now);
        MessageStore.Appended appended;
        try {
            appended = PostAnswers.stored(poster.post((bot != null ? "bot:" : "user:") + stamp.from(), room, content,
                    stamp));
        } catch (RefusedException e) {
            throw PostAnswers.refusal(e);
        } catch (Poster.RateLimited e) {
            throw PostAnswers.rateLimited(ctx, e);
        }
        ctx.status(appended.duplicate() ? 200 : 201).contentType("application/json").result(appended.json());
    }
}
