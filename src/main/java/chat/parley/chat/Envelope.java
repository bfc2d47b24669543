package chat.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.Objects;

/**
 * A chat envelope as stored and delivered (version 1): who, where and when, and a {@link Body} that depends on the
 * kind ({@code type}). {@code from}, {@code client}, {@code ts} and {@code seq} are stamped by the server; whatever a
 * client wrote there is overwritten. Its JSON is written and read by {@link EnvelopeCodec}, whatever mapper is used.
 *
 * @param v       envelope version, always 1
 * @param id      the client's idempotency key, or a server-assigned id
 * @param room    room id ({@code dm:a:b} for direct messages)
 * @param seq     per-room sequence number assigned by the history store, {@code null} before it is stored
 * @param from    the authenticated user who sent it
 * @param client  the MQTT client id it came from
 * @param ts      server time of receipt, milliseconds since the epoch
 * @param body    what it carries, by kind
 * @param replyTo for messages: the id of the message of the same room this replies to, or {@code null}
 * @param via     {@code "bridge"} when the message came from another site through the bridge, else {@code null}
 * @param origin  for bridged messages: the id of the site it came from ({@code from} is that site's claim)
 * @param state   in history pages only: the message's reactions, edits and replies so far; else {@code null}
 * @param bot     whether a program sent it (a bot account or an incoming webhook), not a person
 * @param sentAt  when the client says it was written (its own clock, milliseconds since the epoch), e.g. long before
 *                {@code ts} for a message written offline; {@code null} when not given or not believable. Shown, never
 *                used for order: {@code ts} and {@code seq} are the order of record
 */
@JsonSerialize(using = EnvelopeCodec.Writer.class)
@JsonDeserialize(using = EnvelopeCodec.Reader.class)
public record Envelope(int v, String id, String room, Long seq, String from, String client, long ts, Body body,
                       String replyTo, String via, String origin, MessageState state, boolean bot,
                       Long sentAt) {

    public static final int VERSION = 1;

    /** The {@code via} of messages that came through the bridge. */
    public static final String VIA_BRIDGE = "bridge";

    public Envelope {
        Objects.requireNonNull(body, "body must not be null.");
    }

    /** A new envelope of this server, stamped, not yet stored. */
    public static Envelope of(String id, String room, Stamp stamp, Body body, String replyTo) {
        return new Envelope(VERSION, id, room, null, stamp.from(), stamp.client(), stamp.ts(), body, replyTo, null,
                null, null, stamp.bot(), null);
    }

    /** The envelope's {@code type}: the kind of its body. */
    public String type() {
        return body.type();
    }

    /** The readable text ({@code null} for e2e, files without a caption and events without text). */
    public String text() {
        return body.text();
    }

    /** For type {@code file}: {@code {url,name,size,mime}}, else {@code null}. */
    public JsonNode file() {
        return body instanceof Body.File f ? f.file() : null;
    }

    /** For type {@code e2e} (and sealed edits): the sealed content, else {@code null}. */
    public JsonNode e2e() {
        if (body instanceof Body.Sealed s) {
            return s.e2e();
        }
        return body instanceof Body.Edit edit ? edit.e2e() : null;
    }

    /** For events: the id of the message they change, else {@code null}. */
    public String target() {
        return body instanceof Body.Event event ? event.target() : null;
    }

    /** Whether this is a message people read (text, file, e2e, or what is left of one deleted), not an event. */
    public boolean isMessage() {
        return body instanceof Body.Text || body instanceof Body.File || body instanceof Body.Sealed
                || (body instanceof Body.Removed removed && removed.target() == null);
    }

    /** Whether this message was deleted (a tombstone: no content left). */
    public boolean deleted() {
        return body instanceof Body.Removed;
    }

    /** Who sent it, as one name: {@code from}, or {@code from@origin} for a message bridged from another site. */
    public String author() {
        return origin == null ? from : from + "@" + origin;
    }

    /** This envelope with a sequence number. */
    public Envelope withSeq(long newSeq) {
        return new Envelope(v, id, room, newSeq, from, client, ts, body, replyTo, via, origin, state, bot, sentAt);
    }

    /** This envelope with another body (an edit, a tombstone). */
    public Envelope withBody(Body newBody) {
        return new Envelope(v, id, room, seq, from, client, ts, newBody, replyTo, via, origin, state, bot, sentAt);
    }

    /** This envelope with what history knows of it. */
    public Envelope withState(MessageState newState) {
        return new Envelope(v, id, room, seq, from, client, ts, body, replyTo, via, origin, newState, bot, sentAt);
    }

    /** This envelope marked as bridged from the site {@code originId}. */
    public Envelope bridgedFrom(String originId) {
        return new Envelope(v, id, room, seq, from, client, ts, body, replyTo, VIA_BRIDGE, originId, state, bot,
                sentAt);
    }

    /** This envelope with the client's time of writing ({@code null}: none). */
    public Envelope withSentAt(Long clientTime) {
        return new Envelope(v, id, room, seq, from, client, ts, body, replyTo, via, origin, state, bot, clientTime);
    }

    /** Whether this message came from another site through the bridge. */
    public boolean bridged() {
        return VIA_BRIDGE.equals(via);
    }
}
