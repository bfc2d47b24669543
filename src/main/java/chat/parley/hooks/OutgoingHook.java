package chat.parley.hooks;

import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Names;

/**
 * An outgoing webhook: messages it is told of are POSTed, signed, to {@code url}.
 * <ul>
 *   <li>{@code room} without {@code bot}: every message of that room;</li>
 *   <li>{@code bot}: messages mentioning {@code @bot} (in {@code room} only, when it is set), and direct messages to
 *   the bot; the receiver's answer is posted as the bot. Messages of bots never summon a bot, so two bots cannot
 *   talk to each other forever.</li>
 * </ul>
 *
 * @param id         its number
 * @param url        where deliveries go (http or https)
 * @param secret     the HMAC key of its signatures (never shown after creation)
 * @param room       the room it follows, or {@code null}
 * @param bot        the bot whose mentions it follows and who answers, or {@code null}
 * @param created    when it was made, ms since the epoch
 * @param lastAt     when its last delivery was tried, or {@code null}
 * @param lastStatus the HTTP status of that try, or {@code null} (none, or no answer)
 * @param lastError  what went wrong with it, or {@code null} when it went through
 * @param delivered  deliveries that got a 2xx
 * @param failed     deliveries dropped after their last try (or refused: a target not allowed)
 */
public record OutgoingHook(long id, String url, String secret, String room, String bot, long created, Long lastAt,
                           Integer lastStatus, String lastError, long delivered, long failed) {

    /** Why {@code envelope} goes to this hook ({@code message} or {@code mention}), or {@code null} if it does not. */
    String trigger(Envelope envelope) {
        if (!(envelope.body() instanceof Body.Text || envelope.body() instanceof Body.File)) {
            return null; // events, tombstones, sealed messages (nothing readable) and system notices
        }
        if (bot == null) {
            return envelope.room().equals(room) ? "message" : null;
        }
        if (envelope.bot() || bot.equals(envelope.from())) {
            return null;
        }
        if (isDirectTo(envelope.room(), bot)) {
            return room == null ? "mention" : null;
        }
        boolean here = room == null ? Names.isRoom(envelope.room()) : envelope.room().equals(room);
        return here && Mentions.mentions(envelope.text(), bot) ? "mention" : null;
    }

    /** Whether {@code roomKey} is a direct conversation with {@code user}. */
    static boolean isDirectTo(String roomKey, String user) {
        if (!roomKey.startsWith("dm:")) {
            return false;
        }
        String[] users = roomKey.substring(3).split(":", -1);
        return users.length == 2 && (users[0].equals(user) || users[1].equals(user));
    }
}
